using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Outreach.Tests;

/// <summary>The nil id is a record that does not exist (<see cref="NilIds"/>).</summary>
public sealed class NilIdTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/campaigns/{id}", null)]
    [InlineData("GET", "/api/v1/campaigns/{id}/history", null)]
    [InlineData("GET", "/api/v1/campaigns/{id}/progress", null)]
    [InlineData("GET", "/api/v1/stations/{id}/history", null)]
    [InlineData("POST", "/api/v1/campaigns/{id}/activities", """{"kind":"activity","province":"云南省","city":"西双版纳傣族自治州","county":"勐海县","schoolName":"勐海县第一小学","date":"2026-05-01","participants":40}""")]
    public Task The_nil_id_is_404_not_found(string method, string path, string? body) =>
        service.ClientFor(Actors.Centre).AssertNilIdNotFoundAsync(method, path, body);
}
