using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>The nil id is a record that does not exist (<see cref="NilIds"/>).</summary>
public sealed class NilIdTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/enrolments/{id}", null)]
    [InlineData("GET", "/api/v1/enrolments/{id}/history", null)]
    [InlineData("GET", "/api/v1/courses/{id}/history", null)]
    [InlineData("GET", "/api/v1/courses/{id}/enrolments", null)]
    [InlineData("POST", "/api/v1/courses/{id}/publish", null)]
    public Task The_nil_id_is_404_not_found(string method, string path, string? body) =>
        service.ClientFor(Actors.Centre).AssertNilIdNotFoundAsync(method, path, body);
}
