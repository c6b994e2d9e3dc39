using System.Security.Claims;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>How an endpoint's <see cref="Actor"/> and <see cref="IfMatch"/> parameters are read from the request.</summary>
public sealed class RequestBindingTests
{
    private static (IServiceScope Scope, HttpContext Http) Request(ClaimsPrincipal? user = null, string? ifMatch = null)
    {
        var provider = new ServiceCollection().AddRequestBinding().AddRequestBinding().BuildServiceProvider();
        var http = new DefaultHttpContext { User = user ?? new ClaimsPrincipal(new ClaimsIdentity()) };
        if (ifMatch is not null) http.Request.Headers.IfMatch = ifMatch;
        provider.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
        return (provider.CreateScope(), http);
    }

    [Fact]
    public void The_actor_is_the_authenticated_caller_and_registering_twice_registers_once()
    {
        var actor = new Actor("key-1", "甘肃省科协", Roles.Province, "甘肃省");
        var (scope, _) = Request(actor.ToPrincipal("test"));

        Assert.Equal(actor, scope.ServiceProvider.GetRequiredService<Actor>());
        Assert.Single(scope.ServiceProvider.GetServices<Actor>());
    }

    [Fact]
    public void An_actor_asked_for_without_an_authenticated_caller_is_a_401_not_a_500()
    {
        var (scope, _) = Request();

        var refused = Assert.Throws<BadHttpRequestException>(() => scope.ServiceProvider.GetRequiredService<Actor>());
        Assert.Equal(StatusCodes.Status401Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("*", null)]
    [InlineData("\"3\"", 3L)]
    [InlineData("W/\"12\"", 12L)]
    public void If_Match_is_a_version_or_any(string? header, long? version)
    {
        var (scope, _) = Request(ifMatch: header);

        Assert.Equal(new IfMatch(version), scope.ServiceProvider.GetRequiredService<IfMatch>());
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"0\"")]
    [InlineData("\"-1\"")]
    public void An_If_Match_that_is_not_a_version_is_a_field_error(string header)
    {
        var (scope, _) = Request(ifMatch: header);

        var refused = Assert.Throws<RequestValidationException>(() => scope.ServiceProvider.GetRequiredService<IfMatch>());
        Assert.Contains("If-Match", refused.Errors.Keys);
    }
}
