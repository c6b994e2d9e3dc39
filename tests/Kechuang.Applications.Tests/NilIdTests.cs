using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>The nil id is a record that does not exist (<see cref="NilIds"/>).</summary>
public sealed class NilIdTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/applications/{id}", null)]
    [InlineData("GET", "/api/v1/applications/{id}/history", null)]
    [InlineData("GET", "/api/v1/calls/{id}", null)]
    [InlineData("POST", "/api/v1/applications/{id}/designation", """{"decision":"designate","comment":"同意命名"}""")]
    [InlineData("POST", "/api/v1/applications/{id}/reviews", """{"score":90,"comment":"基础扎实"}""")]
    public Task The_nil_id_is_404_not_found(string method, string path, string? body) =>
        service.ClientFor(Actors.Centre).AssertNilIdNotFoundAsync(method, path, body);
}
