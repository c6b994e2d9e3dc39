using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Resources;
using Kechuang.TestKit;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Kechuang.Resources.Tests.Catalogue;
using DomainResourcePublished = Kechuang.Resources.Domain.ResourcePublished;

namespace Kechuang.Resources.Tests;

/// <summary>
/// 送到学校. Each test publishes on topics no other test of the class subscribes to, so the
/// subscriptions one test creates never receive another test's resources.
/// </summary>
public sealed class PushTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private async Task<Guid> SubscribeAsync(
        string name, string[] topics, string[] grades, string province = "贵州省", bool rural = true, Guid? organization = null)
    {
        var school = service.ClientFor(Actors.School(province, organization ?? Guid.NewGuid()));
        var response = await school.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            school = new { name, province, city = "毕节市", county = "威宁彝族回族苗族自治县", rural },
            topics,
            grades,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Id();
    }

    private async Task<JsonElement> DeliveriesAsync(string query) =>
        await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?{query}&pageSize=200");

    private async Task WaitUntilHandledAsync(string consumer, Guid messageId)
    {
        var store = service.Services.GetRequiredService<IDocumentStore>();
        await Eventually.True(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<ProcessedMessage>($"{consumer}:{messageId:N}") is not null;
        }, because: $"{consumer} handled {messageId}");
    }

    [Fact]
    public async Task Publishing_a_resource_that_matches_three_schools_records_exactly_three_deliveries_and_redelivery_records_no_more()
    {
        var organization = Guid.NewGuid();
        await SubscribeAsync("石门坎小学", ["agriculture"], ["grade-7"], organization: organization);
        await SubscribeAsync("石门坎小学", ["agriculture", "biology"], ["grade-7", "grade-8"], organization: organization);
        await SubscribeAsync("草海中学", ["agriculture"], ["grade-8"]);
        await SubscribeAsync("龙街中学", ["agriculture"], ["grade-7"], province: "云南省", rural: false);
        await SubscribeAsync("盐仓中学", ["mathematics"], ["grade-7"]);
        await SubscribeAsync("哲觉中学", ["agriculture"], ["grade-12"]);
        var cancelled = await SubscribeAsync("迤那中学", ["agriculture"], ["grade-7"]);
        Assert.Equal(HttpStatusCode.OK, (await Centre.PostAsync($"/api/v1/subscriptions/{cancelled}/cancel", null)).StatusCode);

        var resource = await PublishedAsync(service, Resource("现代农业种植实践", topics: ["agriculture"], grades: ["grade-7", "grade-8"]));
        var published = await PublishedEventAsync(resource);
        await WaitUntilHandledAsync("PushPublishedResource", published.Id);

        var deliveries = await DeliveriesAsync($"resourceId={resource}");
        Assert.Equal(3, deliveries.GetProperty("total").GetInt64());
        Assert.Equal(["石门坎小学", "草海中学", "龙街中学"],
            deliveries.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("school").GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(deliveries.GetProperty("items").EnumerateArray(), d => Assert.Equal("online", d.GetProperty("mode").GetString()));
        var own = await service.ClientFor(Actors.School("贵州省", organization)).GetFromJsonAsync<JsonElement>("/api/v1/deliveries");
        Assert.Equal(resource, Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("resourceId").GetGuid());

        using var duplicates = new DuplicateCounter("PushPublishedResource");
        var bus = service.Services.GetRequiredService<IBus>();
        var message = new ResourcePublished(resource, "现代农业种植实践", "activity-guide", ["agriculture"], ["grade-7", "grade-8"], "online", false, null, published.Timestamp);
        await bus.Publish(message, context => context.MessageId = published.Id);
        await Eventually.True(() => Task.FromResult(duplicates.Value >= 1), because: "the redelivered message was recognised");
        Assert.Equal(3, (await DeliveriesAsync($"resourceId={resource}")).GetProperty("total").GetInt64());

        // Even as a different message (a re-publication), the same resource reaches a school only once.
        var republished = Guid.NewGuid();
        await bus.Publish(message, context => context.MessageId = republished);
        await WaitUntilHandledAsync("PushPublishedResource", republished);
        Assert.Equal(3, (await DeliveriesAsync($"resourceId={resource}")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Each_delivery_publishes_ResourceDelivered_with_the_school_its_region_rural_flag_and_mode()
    {
        var received = new ConcurrentQueue<ResourceDelivered>();
        var bus = service.Services.GetRequiredService<IBusControl>();
        var endpoint = bus.ConnectReceiveEndpoint($"resources-test-delivered-{Guid.NewGuid():N}", e =>
            e.Handler<ResourceDelivered>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        await endpoint.Ready;
        try
        {
            await SubscribeAsync("大山小学", ["medicine-health"], ["grade-3"], province: "甘肃省", rural: true);
            var resource = await PublishedAsync(service, Resource("小学生健康生活", topics: ["medicine-health"], grades: ["grade-3"]));
            var offline = await Centre.PostAsJsonAsync("/api/v1/deliveries", new
            {
                resourceId = resource,
                school = new { name = "城关小学", province = "甘肃省", city = "定西市", county = "安定区", rural = false },
                mode = "offline",
                deliveredAt = service.Clock.GetUtcNow().AddDays(-1),
            });
            Assert.Equal(HttpStatusCode.Created, offline.StatusCode);

            var events = await Eventually.Until(
                () => Task.FromResult(received.Where(e => e.ResourceId == resource).ToList()), e => e.Count >= 2);
            var online = Assert.Single(events, e => e.Mode == "online");
            Assert.Equal(("大山小学", "甘肃省", true), (online.School.Name, online.Province, online.School.Rural));
            var taken = Assert.Single(events, e => e.Mode == "offline");
            Assert.Equal(("城关小学", "安定区", false), (taken.School.Name, taken.School.County, taken.School.Rural));
        }
        finally
        {
            await endpoint.StopAsync();
        }
    }

    [Fact]
    public async Task A_published_package_and_each_new_edition_reach_the_matching_schools()
    {
        await SubscribeAsync("海子小学", ["earth-science"], ["grade-4"]);
        await SubscribeAsync("羊街小学", ["earth-science"], ["grade-9"]);
        var rocks = await PublishedAsync(service, Resource("岩石标本观察", topics: ["earth-science"], grades: ["grade-4"]));
        var fossils = await PublishedAsync(service, Resource("恐龙化石探秘", topics: ["earth-science"], grades: ["grade-9"]));

        var created = await Centre.PostAsJsonAsync("/api/v1/packages", new { title = "地球科学资源包", description = "岩石与化石", resourceIds = new[] { rocks }, audience = "小学" });
        var package = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.Equal(0, (await DeliveriesAsync($"packageId={package}")).GetProperty("total").GetInt64());
        await Centre.PostAsync($"/api/v1/packages/{package}/publish", null);
        await Eventually.True(async () => (await DeliveriesAsync($"packageId={package}")).GetProperty("total").GetInt64() == 1,
            because: "edition 1 reaches the grade-4 school");

        await Centre.PutAsJsonAsync($"/api/v1/packages/{package}", new { title = "地球科学资源包", description = "岩石与化石", resourceIds = new[] { rocks, fossils }, audience = "中小学" });
        var all = await Eventually.Until(() => DeliveriesAsync($"packageId={package}"), d => d.GetProperty("total").GetInt64() == 3,
            because: "edition 2 reaches both schools");
        Assert.Equal([1, 2, 2], all.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("packageEdition").GetInt32()).Order());
    }

    [Fact]
    public async Task Staff_record_offline_deliveries_and_deliveries_are_found_by_school_province_and_resource()
    {
        var resource = await PublishedAsync(service, Resource("乡村科技辅导员工具包", topics: ["engineering"]));
        foreach (var (name, province) in new[] { ("赫章县第一小学", "贵州省"), ("会泽县实验小学", "云南省") })
        {
            var recorded = await Centre.PostAsJsonAsync("/api/v1/deliveries", new
            {
                resourceId = resource,
                school = new { name, province, city = "某市", county = "某县", rural = true },
                mode = "offline",
                deliveredAt = service.Clock.GetUtcNow().AddHours(-2),
            });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            var body = await recorded.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("offline", 1), (body.GetProperty("mode").GetString(), body.GetProperty("version").GetInt32()));
        }

        Assert.Equal(2, (await DeliveriesAsync($"resourceId={resource}")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await DeliveriesAsync($"resourceId={resource}&province=云南省")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await DeliveriesAsync($"resourceId={resource}&school=赫章县")).GetProperty("total").GetInt64());
        var guizhou = await service.ClientFor(Actors.Province("贵州省")).GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?resourceId={resource}");
        Assert.Equal("赫章县第一小学", Assert.Single(guizhou.GetProperty("items").EnumerateArray()).GetProperty("school").GetProperty("name").GetString());
        var strangerSchool = await service.ClientFor(Actors.School("贵州省")).GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?resourceId={resource}");
        Assert.Equal(0, strangerSchool.GetProperty("total").GetInt64());

        var otherProvince = await service.ClientFor(Actors.Province("贵州省")).PostAsJsonAsync("/api/v1/deliveries", new
        {
            resourceId = resource,
            school = new { name = "会泽县实验小学", province = "云南省", city = "曲靖市", county = "会泽县", rural = true },
            mode = "offline",
            deliveredAt = service.Clock.GetUtcNow(),
        });
        Assert.Equal(HttpStatusCode.Forbidden, otherProvince.StatusCode);
        Assert.Equal(2, (await DeliveriesAsync($"resourceId={resource}")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Bad_delivery_input_is_a_400_and_nothing_is_stored()
    {
        var resource = await PublishedAsync(service, Resource("物理小实验", topics: ["physics"]));
        var unpublished = (await ContributeAsync(Centre, Resource())).Id();
        var school = new { name = "测试小学", province = "河北省", city = "保定市", county = "阜平县", rural = true };
        var now = service.Clock.GetUtcNow();

        var cases = new (object Body, string Field)[]
        {
            (new { school, mode = "offline", deliveredAt = now }, "resourceId"),
            (new { resourceId = resource, packageId = Guid.NewGuid(), school, mode = "offline", deliveredAt = now }, "resourceId"),
            (new { resourceId = resource, school, mode = "online", deliveredAt = now }, "mode"),
            (new { resourceId = resource, school, mode = "offline", deliveredAt = now.AddDays(1) }, "deliveredAt"),
            (new { resourceId = resource, school = new { name = "测试小学", province = "火星省", city = "x", rural = true }, mode = "offline", deliveredAt = now }, "school.province"),
            (new { resourceId = resource, school = new { name = "测试小学", province = "河北省", city = "保定市" }, mode = "offline", deliveredAt = now }, "school.rural"),
            (new { resourceId = Guid.NewGuid(), school, mode = "offline", deliveredAt = now }, "resourceId"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await Centre.PostAsJsonAsync("/api/v1/deliveries", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        var notPublished = await Centre.PostAsJsonAsync("/api/v1/deliveries", new { resourceId = unpublished, school, mode = "offline", deliveredAt = now });
        Assert.Equal(HttpStatusCode.Conflict, notPublished.StatusCode);
        var pigeon = await Centre.PostAsJsonAsync("/api/v1/deliveries", new { resourceId = resource, school, mode = "carrier-pigeon", deliveredAt = now });
        Assert.Equal(HttpStatusCode.BadRequest, pigeon.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientFor(Actors.School("河北省")).PostAsJsonAsync("/api/v1/deliveries", new { resourceId = resource, school, mode = "offline", deliveredAt = now })).StatusCode);

        Assert.Equal(0, (await DeliveriesAsync($"resourceId={resource}")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await DeliveriesAsync($"resourceId={unpublished}")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_school_subscribes_for_its_own_province_sees_its_subscriptions_and_bad_input_is_a_400()
    {
        var organization = Guid.NewGuid();
        var school = service.ClientFor(Actors.School("四川省", organization));
        var elsewhere = await school.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            school = new { name = "某小学", province = "西藏自治区", city = "拉萨市", county = "城关区", rural = false },
            topics = new[] { "chemistry" },
            grades = new[] { "grade-3" },
        });
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);

        var bad = await school.PostAsJsonAsync("/api/v1/subscriptions", new { school = new { name = "" }, topics = new[] { "alchemy" }, grades = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "school.name", "school.province", "school.city", "school.rural", "topics[0]", "grades" })
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}: {errors}");
        Assert.Equal(0, (await school.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions")).GetProperty("total").GetInt64());

        var id = await SubscribeAsync("凉山州民族小学", ["chemistry"], ["grade-3"], province: "四川省", organization: organization);
        var mine = await school.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions");
        Assert.Equal(id, Assert.Single(mine.GetProperty("items").EnumerateArray()).Id());
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientFor(Actors.School("四川省")).GetAsync($"/api/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientFor(Actors.Reader).PostAsJsonAsync("/api/v1/subscriptions", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await school.PostAsync($"/api/v1/subscriptions/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await school.PostAsync($"/api/v1/subscriptions/{id}/cancel", null)).StatusCode);
        var history = await school.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/history");
        Assert.Equal(["subscription-created", "subscription-cancelled"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    private async Task<JasperFx.Events.IEvent> PublishedEventAsync(Guid resource)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(resource)).Single(e => e.Data is DomainResourcePublished);
    }

    /// <summary>Counts the redelivered messages a consumer recognises from now on.</summary>
    private sealed class DuplicateCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public DuplicateCounter(string consumer)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name == "kechuang.consumer.duplicates")
                    l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "consumer" && Equals(tag.Value, consumer)) Interlocked.Add(ref _count, value);
            });
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task A_recorded_delivery_is_read_by_id_and_its_history_and_its_times_carry_an_offset()
    {
        var resource = await PublishedAsync(service, Resource("科学探究记录册"));
        var recorded = await Centre.PostAsJsonAsync("/api/v1/deliveries", new
        {
            resourceId = resource,
            school = new { name = "会宁县第一小学", province = "甘肃省", city = "白银市", county = "会宁县", rural = true },
            mode = "offline",
            deliveredAt = service.Clock.GetUtcNow().AddDays(-1),
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        const string isoWithOffset = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$";

        var read = await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{id}");
        Assert.Equal((id, resource, "offline"), (read.GetProperty("id").GetGuid(), read.GetProperty("resourceId").GetGuid(), read.GetProperty("mode").GetString()));
        Assert.Matches(isoWithOffset, read.GetProperty("deliveredAt").GetString());
        var history = await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{id}/history");
        var step = Assert.Single(history.EnumerateArray());
        Assert.Equal(Actors.Centre.Id, step.GetProperty("by").GetProperty("id").GetString());
        Assert.Matches(isoWithOffset, step.GetProperty("at").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Centre.GetAsync($"/api/v1/deliveries/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Centre.GetAsync($"/api/v1/deliveries/{Guid.NewGuid()}/history")).StatusCode);
    }
}
