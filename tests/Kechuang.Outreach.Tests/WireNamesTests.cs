using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Applications;
using Kechuang.Outreach.ReadModels;
using Kechuang.Outreach.Domain;
using Kechuang.Outreach.Integration;
using Kechuang.TestKit;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Kechuang.TestKit.WireNames;

namespace Kechuang.Outreach.Tests;

/// <summary>The enums' text as API.md spells it (query filters, bodies, the events received), and the answer to an unknown one.</summary>
public sealed class WireNamesTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    [Fact]
    public void Pilot_kinds_read_from_Applications_events_are_spelled_as_the_contract_spells_them() =>
        AreExactly((PilotKind.PilotUnit, "pilot-unit"), (PilotKind.PilotCity, "pilot-city"));

    [Fact]
    public void Campaign_and_activity_kinds_statuses_and_coverage_levels_are_spelled_as_the_contract_spells_them()
    {
        AreExactly((CampaignKind.RuralTour, "rural-tour"), (CampaignKind.Revitalisation, "revitalisation"));
        AreExactly((ActivityKind.Resources, "resources"), (ActivityKind.Activity, "activity"), (ActivityKind.Training, "training"));
        AreExactly((CampaignStatus.Planned, "planned"), (CampaignStatus.Active, "active"), (CampaignStatus.Ended, "ended"));
        AreExactly(
            (CoverageEndpoints.CoverageLevel.Province, "province"), (CoverageEndpoints.CoverageLevel.City, "city"),
            (CoverageEndpoints.CoverageLevel.County, "county"));
    }

    [Fact]
    public async Task Unknown_filter_values_are_a_400_naming_each_field()
    {
        var centre = service.ClientFor(Actors.Centre);
        await AssertRefusedAsync(centre, "/api/v1/campaigns?status=paused&kind=city-tour",
            ("status", OneOf("planned", "active", "ended")), ("kind", OneOf("rural-tour", "revitalisation")));
        await AssertRefusedAsync(centre, $"/api/v1/campaigns/{Guid.NewGuid()}/activities?kind=Training",
            ("kind", OneOf("resources", "activity", "training")));
        await AssertRefusedAsync(centre, "/api/v1/coverage?level=village", ("level", OneOf("province", "city", "county")));
        await AssertRefusedAsync(centre, "/api/v1/stations?province=火星",
            ("province", "is not a provincial-level division of mainland China (e.g. 北京市, 广东省)."));
    }

    [Theory]
    [InlineData("pilot-town")]
    [InlineData("PilotUnit")]
    public async Task A_pilot_of_a_kind_this_version_does_not_know_waits_in_the_error_queue_and_records_nothing(string kind)
    {
        var messageId = Guid.NewGuid();
        var at = new DateTimeOffset(2022, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));
        var pilot = new PilotDesignated(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), kind, "右玉县第一中学", "primary-school",
            "山西省", "朔州市", null, at, at);
        await service.Services.GetRequiredService<IBus>().Publish(pilot, c => c.MessageId = messageId);

        var ops = service.ClientFor(Actors.Operator);
        var failed = await Eventually.Until(
            async () => (await ops.GetFromJsonAsync<JsonElement>("/api/v1/ops/outreach/errors?peek=100")).EnumerateArray()
                .SelectMany(q => q.GetProperty("peek").EnumerateArray())
                .FirstOrDefault(m => Guid.TryParse(m.GetProperty("messageId").GetString(), out var id) && id == messageId),
            m => m.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30), "the message is in an _error queue");
        Assert.Contains($"unknown kind '{kind}'", failed.GetProperty("reason").GetString());
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Null(await session.LoadAsync<ProcessedMessage>($"{nameof(PilotDesignatedConsumer)}:{messageId:N}"));
    }
}
