using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// What an operation's endpoint knows and its OpenAPI description cannot show by itself, written
/// as extensions the gateway turns into the partner document (<c>PartnerDocument</c>): a public
/// route (<c>x-kechuang-public</c>), the roles it admits (<c>x-kechuang-roles</c>), a paged list
/// (<c>x-kechuang-paged</c>, the handler takes a <see cref="PageRequest"/>).
/// </summary>
public static class OpenApiMarkers
{
    public const string Public = "x-kechuang-public";
    public const string RolesExtension = "x-kechuang-roles";
    public const string Paged = "x-kechuang-paged";

    public static Task MarkAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        if (metadata.OfType<IAllowAnonymous>().Any())
            operation.Extensions[Public] = new JsonNodeExtension(JsonValue.Create(true));
        if (metadata.OfType<RequiredRoles>().LastOrDefault() is { } roles)
            operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Roles.Select(r => JsonValue.Create(r))]));
        if (metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(PageRequest))))
            operation.Extensions[Paged] = new JsonNodeExtension(JsonValue.Create(true));
        return Task.CompletedTask;
    }
}

/// <summary>The roles <see cref="Authorization.RequireRoles{TBuilder}"/> admits (admins always), for the documentation.</summary>
public sealed record RequiredRoles(IReadOnlyList<string> Roles);
