using System.Net.Http.Headers;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;
using Kechuang.Gateway.Access;
using Microsoft.Extensions.Caching.Memory;
using Yarp.ReverseProxy.Transforms;

namespace Kechuang.Gateway.Routing;

/// <summary>
/// What a service receives instead of the caller's credentials: a short-lived token, signed with
/// the key only the gateway and the services share, naming the caller's role and scope. The
/// partner's key and the staff token never leave the gateway.
/// </summary>
public sealed class IdentityForwarding(InternalIdentity identity, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(4);

    public ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        headers.Remove(ApiKey.Header);
        headers.Authorization = null;
        if (Actor.FromPrincipal(context.HttpContext.User) is { } actor)
            headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(actor));
        return ValueTask.CompletedTask;
    }

    private string TokenFor(Actor actor) =>
        cache.GetOrCreate(("internal-token", actor), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = ReuseFor;
            return identity.Issue(actor, TimeProvider.System, Lifetime);
        })!;
}
