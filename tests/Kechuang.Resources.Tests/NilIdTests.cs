using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Resources.Tests;

/// <summary>The nil id is a record that does not exist (<see cref="NilIds"/>).</summary>
public sealed class NilIdTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/resources/{id}", null)]
    [InlineData("GET", "/api/v1/packages/{id}", null)]
    [InlineData("POST", "/api/v1/resources/{id}/publish", null)]
    [InlineData("POST", "/api/v1/packages/{id}/publish", null)]
    public Task The_nil_id_is_404_not_found(string method, string path, string? body) =>
        service.ClientFor(Actors.Centre).AssertNilIdNotFoundAsync(method, path, body);
}
