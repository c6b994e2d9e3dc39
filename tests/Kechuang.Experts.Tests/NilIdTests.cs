using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>The nil id is a record that does not exist (<see cref="NilIds"/>).</summary>
public sealed class NilIdTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/experts/{id}", null)]
    [InlineData("GET", "/api/v1/experts/{id}/history", null)]
    [InlineData("GET", "/api/v1/visit-requests/{id}/history", null)]
    [InlineData("POST", "/api/v1/experts/{id}/vetting", """{"decision":"reject"}""")]
    [InlineData("GET", "/api/v1/visit-requests/{id}/candidates", null)]
    public Task The_nil_id_is_404_not_found(string method, string path, string? body) =>
        service.ClientFor(Actors.Centre).AssertNilIdNotFoundAsync(method, path, body);
}
