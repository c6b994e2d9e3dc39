using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Contracts;

namespace Kechuang.Gateway.Feed;

/// <summary>
/// The integration event types partners may follow (webhooks and the change feed), by their API
/// name (<c>visit-delivered</c>), and who may see each. A province sees only its province's events
/// (and national ones); personal data (a teacher's name) is not shown to roles that do not need it.
/// </summary>
public static class EventCatalog
{
    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] ProgrammeStaff = [Roles.Centre, Roles.Province, Roles.Operator, Roles.Reader];
    private static readonly string[] NationalStaff = [Roles.Centre, Roles.Operator];

    private static readonly Dictionary<string, string[]> Visibility = new(StringComparer.Ordinal)
    {
        ["pilot-designated"] = Everyone,
        ["resource-published"] = Everyone,
        ["expert-vetted"] = [.. ProgrammeStaff, Roles.Trainer],
        ["visit-delivered"] = ProgrammeStaff,
        ["resource-delivered"] = ProgrammeStaff,
        ["training-completed"] = [Roles.Centre, Roles.Province, Roles.Operator, Roles.Trainer],
    };

    /// <summary>Every integration event type of <c>services/Contracts</c>, by API name.</summary>
    public static readonly IReadOnlyList<string> Types = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .Select(t => NameOf(t.Name)).Order(StringComparer.Ordinal).ToArray();

    public static string NameOf(string clrName) => Json.KebabCase(clrName);

    public static bool IsKnown(string type) => Types.Contains(type);

    public static bool CanSeeType(Actor actor, string type) =>
        actor.Role == Roles.Admin || (Visibility.TryGetValue(type, out var roles) ? roles : NationalStaff).Contains(actor.Role);

    public static bool CanSee(Actor actor, string type, string? province) =>
        CanSeeType(actor, type) && (province is null || actor.CoversProvince(province));
}
