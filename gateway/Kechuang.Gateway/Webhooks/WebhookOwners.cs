using Kechuang.BuildingBlocks.Domain;
using Kechuang.Gateway.Access;
using Kechuang.Gateway.Access.Staff;
using Marten;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// Whether a webhook's owner can still receive: a key not revoked, a staff account that still
/// exists and is not disabled. Read from the database each time it is asked (one query per page of events or batch of
/// deliveries), so revoking a key stops its webhooks at once on every gateway replica.
/// </summary>
public static class WebhookOwners
{
    public static async Task<IReadOnlySet<string>> ActiveAsync(IQuerySession session, IEnumerable<Actor> owners, CancellationToken ct)
    {
        var ids = owners.Select(o => o.Id).ToHashSet();
        var keys = ids.Select(id => IdOf(id, "key:")).OfType<Guid>().ToArray();
        var users = ids.Select(id => IdOf(id, "user:")).OfType<Guid>().ToArray();
        var active = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Contains(Authenticator.BootstrapAdmin.Id)) active.Add(Authenticator.BootstrapAdmin.Id);
        if (keys.Length > 0)
            foreach (var key in await session.LoadManyAsync<ApiKey>(ct, keys))
                if (!key.IsRevoked) active.Add(key.ToActor().Id);
        if (users.Length > 0)
            foreach (var user in await session.LoadManyAsync<StaffUser>(ct, users))
                if (!user.IsDisabled) active.Add(user.ToActor().Id);
        return active;
    }

    private static Guid? IdOf(string actorId, string prefix) =>
        actorId.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParseExact(actorId[prefix.Length..], "N", out var id) ? id : null;
}
