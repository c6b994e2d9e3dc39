using Kechuang.Resources.Domain;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.TestKit.WireNames;

namespace Kechuang.Resources.Tests;

/// <summary>The enums' text as API.md spells it (query filters, bodies, events), and the answer to an unknown one.</summary>
public sealed class WireNamesTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    private static readonly string[] Statuses = ["submitted", "changes-requested", "approved", "rejected", "published", "archived"];

    [Fact]
    public void Resource_kinds_formats_and_statuses_are_spelled_as_the_contract_spells_them()
    {
        AreExactly(
            (ResourceKind.ActivityGuide, "activity-guide"), (ResourceKind.Course, "course"), (ResourceKind.Video, "video"),
            (ResourceKind.Case, "case"), (ResourceKind.Toolkit, "toolkit"), (ResourceKind.Article, "article"));
        AreExactly((ResourceFormat.Online, "online"), (ResourceFormat.Offline, "offline"), (ResourceFormat.Blended, "blended"));
        AreExactly(
            (ResourceStatus.Submitted, Statuses[0]), (ResourceStatus.ChangesRequested, Statuses[1]), (ResourceStatus.Approved, Statuses[2]),
            (ResourceStatus.Rejected, Statuses[3]), (ResourceStatus.Published, Statuses[4]), (ResourceStatus.Archived, Statuses[5]));
    }

    [Fact]
    public void Package_statuses_and_delivery_modes_are_spelled_as_the_contract_spells_them()
    {
        AreExactly((PackageStatus.Draft, "draft"), (PackageStatus.Published, "published"));
        AreExactly((DeliveryMode.Online, "online"), (DeliveryMode.Offline, "offline"));
    }

    [Fact]
    public async Task Unknown_filter_values_are_a_400_naming_each_field()
    {
        var centre = service.ClientFor(Actors.Centre);
        await AssertRefusedAsync(centre, "/api/v1/resources?status=lost&format=online&format=paper&kind=poem&featured=yes",
            ("status", OneOf(Statuses)), ("format", OneOf("online", "offline", "blended")),
            ("kind", OneOf("activity-guide", "course", "video", "case", "toolkit", "article")), ("featured", "must be true or false."));
        await AssertRefusedAsync(centre, "/api/v1/packages?status=lost", ("status", OneOf("draft", "published")));
        await AssertRefusedAsync(centre, "/api/v1/deliveries?mode=Offline", ("mode", OneOf("online", "offline")));
    }
}
