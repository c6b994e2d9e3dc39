using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Contracts;
using Kechuang.Contracts.Experts;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>What other services learn from this one: ExpertVetted (Training) and VisitDelivered (Outreach).</summary>
public sealed class IntegrationEventTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    [Fact]
    public async Task A_delivered_visit_is_published_as_VisitDelivered_with_the_school_and_what_outreach_counts()
    {
        await using var published = await PublishedMessages.BindAsync(service.RabbitMq, typeof(VisitDelivered));
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(topics: ["agriculture"], provinces: ["贵州省"]));
        var start = _api.MonthStart;
        var (visit, _) = await _api.RequestAsync(ExpertsApi.VisitBody(province: "贵州省", topic: "agriculture",
            windows: [(start, start.AddHours(3))], rural: true, school: "雷山县中心小学"), Actors.School("贵州省"));
        await _api.AssignAsync(visit, expert, start, start.AddHours(1));
        await _api.RespondAsync(visit, expert, accept: true);
        var deliveredAt = service.Clock.GetUtcNow().AddMinutes(-30);
        var delivered = await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt, audienceCount = 230, durationMinutes = 75 });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);

        var envelope = await published.WaitForAsync(m => m.GetProperty("visitRequestId").GetGuid() == visit);
        var message = envelope.GetProperty("message");
        Assert.Equal(expert, message.GetProperty("expertId").GetGuid());
        Assert.Equal("science-talk", message.GetProperty("kind").GetString());
        Assert.Equal("agriculture", message.GetProperty("topic").GetString());
        Assert.Equal(230, message.GetProperty("audienceCount").GetInt32());
        Assert.Equal(75, message.GetProperty("durationMinutes").GetInt32());
        Assert.Equal(deliveredAt, message.GetProperty("deliveredAt").GetDateTimeOffset());
        Assert.Equal("贵州省", message.GetProperty("province").GetString());
        var school = message.GetProperty("school");
        Assert.Equal("雷山县中心小学", school.GetProperty("name").GetString());
        Assert.Equal("贵州省", school.GetProperty("province").GetString());
        Assert.Equal("海淀区", school.GetProperty("county").GetString());
        Assert.True(school.GetProperty("rural").GetBoolean());
        Assert.Equal("experts", envelope.GetProperty("headers").GetProperty("Kechuang-Source").GetString());
        Assert.True(Guid.TryParse(envelope.GetProperty("messageId").GetString(), out _));
    }

    [Fact]
    public async Task Vetting_is_published_as_ExpertVetted_with_the_trainer_flag_and_topics_for_training()
    {
        await using var published = await PublishedMessages.BindAsync(service.RabbitMq, typeof(ExpertVetted));
        var trainer = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "周培训", topics: ["science-investigation", "biology"],
            provinces: ["湖南省"], trainer: true, affiliation: "湖南师范大学"));
        var rejected = await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "吴未过"));
        await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{rejected}/vetting", new { decision = "reject" });

        var approved = (await published.WaitForAsync(m => m.GetProperty("expertId").GetGuid() == trainer)).GetProperty("message");
        Assert.True(approved.GetProperty("approved").GetBoolean());
        Assert.True(approved.GetProperty("trainer").GetBoolean());
        Assert.Equal("周培训", approved.GetProperty("name").GetString());
        Assert.Equal("湖南师范大学", approved.GetProperty("affiliation").GetString());
        Assert.Equal(["science-investigation", "biology"], approved.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["湖南省"], approved.GetProperty("provinces").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("province").ValueKind);

        var refusal = (await published.WaitForAsync(m => m.GetProperty("expertId").GetGuid() == rejected)).GetProperty("message");
        Assert.False(refusal.GetProperty("approved").GetBoolean());
    }

    [Fact]
    public async Task Nothing_is_published_for_registration_or_assignment_alone()
    {
        // Every message type the Experts service publishes.
        var everyType = typeof(VisitDelivered).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(VisitDelivered).Namespace && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToArray();
        Assert.Equal(2, everyType.Length);
        await using var published = await PublishedMessages.BindAsync(service.RabbitMq, everyType);
        var registered = await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "郑未审"));
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (first, _) = await _api.RequestAsync();
        await _api.AssignAsync(first, expert, _api.MonthStart, _api.MonthStart.AddHours(1));
        await _api.RespondAsync(first, expert, accept: true);

        // A later delivery is published, so everything committed before it has been through the bridge.
        var (marker, _) = await _api.RequestAsync();
        await _api.AssignAsync(marker, expert, _api.MonthStart.AddDays(1), _api.MonthStart.AddDays(1).AddHours(1));
        await _api.RespondAsync(marker, expert, accept: true);
        await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{marker}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 40, durationMinutes = 45 });
        await published.WaitForAsync(m => m.TryGetProperty("visitRequestId", out var v) && v.GetGuid() == marker);
        await published.WaitForAsync(m => m.TryGetProperty("expertId", out var e) && e.GetGuid() == expert && !m.TryGetProperty("visitRequestId", out _));

        // Exactly the vetting and the marker's delivery: nothing for the registration alone, nor for the first visit.
        var messages = published.Received.Select(e => (
            Type: e.GetProperty("messageType")[0].GetString(),
            Id: e.GetProperty("message").TryGetProperty("visitRequestId", out var v) ? v.GetGuid() : e.GetProperty("message").GetProperty("expertId").GetGuid()))
            .OrderBy(m => m.Type, StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            ($"urn:message:{typeof(ExpertVetted).Namespace}:{nameof(ExpertVetted)}", expert),
            ($"urn:message:{typeof(VisitDelivered).Namespace}:{nameof(VisitDelivered)}", marker),
        ], messages);
        Assert.DoesNotContain(messages, m => m.Id == registered || m.Id == first);
    }
}
