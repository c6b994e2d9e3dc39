using Kechuang.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Builder;

namespace Kechuang.BuildingBlocks.Http;

public static class Authorization
{
    /// <summary>Only callers with one of <paramref name="roles"/> (or an admin) reach the endpoint: others get 403.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRoles(roles)).RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(ctx =>
            {
                var role = Actor.FromPrincipal(ctx.User)?.Role;
                return role == Roles.Admin || (role is not null && roles.Contains(role));
            }));
}
