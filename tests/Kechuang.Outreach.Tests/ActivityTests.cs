using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Outreach.Tests.Outreach;

namespace Kechuang.Outreach.Tests;

public sealed class ActivityTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    private async Task<JsonElement> ProgressAsync(HttpClient client, Guid campaign) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/progress");

    private static (int Schools, int Teachers, int Activities) Counts(JsonElement targets) =>
        (targets.GetProperty("schools").GetInt32(), targets.GetProperty("teachers").GetInt32(), targets.GetProperty("activities").GetInt32());

    [Fact]
    public async Task Recorded_activities_count_towards_progress_with_each_school_once_and_teachers_from_training()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var campaign = await LaunchAsync(centre, Campaign(today));

        var first = await centre.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities",
            Activity(today.AddDays(-3), kind: "resources", schoolName: "勐海县第一小学", participants: 300));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag?.Tag);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        var activityId = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/campaigns/{campaign}/activities/{activityId}", first.Headers.Location?.ToString());
        Assert.Equal("resources", body.GetProperty("kind").GetString());
        Assert.Equal(Iso(today.AddDays(-3)), body.GetProperty("date").GetString());
        Assert.Equal("recorded", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());

        await centre.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities",
            Activity(today.AddDays(-2), kind: "activity", schoolName: " 勐海县第一小学 ", participants: 120));
        var yunnan = service.ClientFor(Actors.Province("云南省"));
        var training = await yunnan.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities",
            Activity(today, kind: "training", schoolName: "勐海县第二小学", participants: 20));
        Assert.Equal(HttpStatusCode.Created, training.StatusCode);

        var progress = await ProgressAsync(service.ClientFor(Actors.Reader), campaign);
        Assert.Equal(campaign, progress.GetProperty("campaignId").GetGuid());
        Assert.Equal((50, 200, 80), Counts(progress.GetProperty("targets")));
        Assert.Equal((2, 20, 3), Counts(progress.GetProperty("achieved")));

        var read = await centre.GetAsync($"/api/v1/campaigns/{campaign}/activities/{activityId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(300, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participants").GetInt32());

        var list = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/activities");
        Assert.Equal(3, list.GetProperty("total").GetInt64());
        Assert.Equal(["training", "activity", "resources"],
            list.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
        Assert.Equal(1, (await centre.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/activities?kind=training")).GetProperty("total").GetInt64());

        var history = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/history");
        Assert.Equal(["campaign-launched", "activity-recorded", "activity-recorded", "activity-recorded"],
            history.EnumerateArray().Select(h => h.GetProperty("type").GetString()));
        Assert.Equal(Actors.Province("云南省").Id, history[3].GetProperty("by").GetProperty("id").GetString());
        Assert.Equal("\"4\"", (await centre.GetAsync($"/api/v1/campaigns/{campaign}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Activities_outside_the_campaign_provinces_or_dates_or_not_yet_held_are_refused_and_nothing_is_stored()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var campaign = await LaunchAsync(centre, Campaign(today, startsIn: -10, endsIn: 10));
        var path = $"/api/v1/campaigns/{campaign}/activities";

        await ProblemAsync(await centre.PostAsJsonAsync(path, Activity(today, province: "广东省")),
            HttpStatusCode.UnprocessableEntity, "province_not_in_campaign");
        await ProblemAsync(await centre.PostAsJsonAsync(path, Activity(today.AddDays(-11))),
            HttpStatusCode.UnprocessableEntity, "date_outside_campaign");
        await ProblemAsync(await centre.PostAsJsonAsync(path, Activity(today.AddDays(11))),
            HttpStatusCode.UnprocessableEntity, "date_outside_campaign");
        await ProblemAsync(await centre.PostAsJsonAsync(path, Activity(today.AddDays(1))),
            HttpStatusCode.UnprocessableEntity, "activity_in_future");

        Assert.Equal(0, await TotalAsync(centre, path));
        Assert.Equal((0, 0, 0), Counts((await ProgressAsync(centre, campaign)).GetProperty("achieved")));
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var campaign = await LaunchAsync(centre, Campaign(today));
        var path = $"/api/v1/campaigns/{campaign}/activities";

        var response = await centre.PostAsJsonAsync(path, new
        {
            province = "火星", city = "", county = new string('县', 51), schoolName = " ", participants = 0,
        });
        HasErrors(await ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed"),
            "kind", "province", "city", "county", "schoolName", "date", "participants");

        foreach (var json in new[]
                 {
                     "{\"kind\": \"activity\", ",
                     $"{{\"kind\": \"concert\", \"province\": \"云南省\", \"city\": \"西双版纳\", \"county\": \"勐海县\", \"schoolName\": \"一小\", \"date\": \"{Iso(today)}\", \"participants\": 5}}",
                     "{\"kind\": \"activity\", \"province\": \"云南省\", \"city\": \"西双版纳\", \"county\": \"勐海县\", \"schoolName\": \"一小\", \"date\": \"15/06/2022\", \"participants\": 5}",
                 })
        {
            var malformed = await centre.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            await ProblemAsync(malformed, HttpStatusCode.BadRequest, "validation_failed");
        }

        Assert.Equal(0, await TotalAsync(centre, path));
        Assert.Equal("\"1\"", (await centre.GetAsync($"/api/v1/campaigns/{campaign}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Who_may_record_activities_and_where()
    {
        var today = Today(service);
        var campaign = await LaunchAsync(service.ClientFor(Actors.Centre), Campaign(today, provinces: ["云南省", "贵州省"]));
        var path = $"/api/v1/campaigns/{campaign}/activities";

        await ProblemAsync(await service.ClientFor(Actors.Province("云南省")).PostAsJsonAsync(path, Activity(today, province: "贵州省")),
            HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await service.ClientFor(Actors.Province("广东省")).PostAsJsonAsync(path, Activity(today, province: "广东省")),
            HttpStatusCode.NotFound, "not_found");
        await ProblemAsync(await service.ClientFor(Actors.Reader).PostAsJsonAsync(path, Activity(today)),
            HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await service.ClientFor(Actors.Centre).PostAsJsonAsync($"/api/v1/campaigns/{Guid.NewGuid()}/activities", Activity(today)),
            HttpStatusCode.NotFound, "not_found");
        await ProblemAsync(await service.ClientFor(Actors.Province("广东省")).GetAsync(path), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await TotalAsync(service.ClientFor(Actors.Centre), path));
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_412_and_the_current_version_records()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var campaign = await LaunchAsync(centre, Campaign(today));
        var path = $"/api/v1/campaigns/{campaign}/activities";
        Assert.Equal(HttpStatusCode.Created, (await centre.PostAsJsonAsync(path, Activity(today))).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Activity(today)) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await ProblemAsync(await centre.SendAsync(stale), HttpStatusCode.PreconditionFailed, "precondition_failed");

        using var current = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Activity(today)) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.Created, (await centre.SendAsync(current)).StatusCode);
        Assert.Equal(2, await TotalAsync(centre, path));
    }

    [Fact]
    public async Task A_province_outside_the_campaign_gets_a_404_whatever_If_Match_it_guesses()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var campaign = await LaunchAsync(centre, Campaign(today, provinces: ["云南省"]));
        var path = $"/api/v1/campaigns/{campaign}/activities";
        Assert.Equal(HttpStatusCode.Created, (await centre.PostAsJsonAsync(path, Activity(today))).StatusCode);

        // A 412 for a wrong guess and a 404 for the right one would tell the campaign exists, and its version.
        foreach (var guess in new[] { "\"1\"", "\"2\"", "\"3\"" })
        {
            using var probe = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Activity(today, province: "广东省")) };
            probe.Headers.TryAddWithoutValidation("If-Match", guess);
            await ProblemAsync(await service.ClientFor(Actors.Province("广东省")).SendAsync(probe), HttpStatusCode.NotFound, "not_found");
        }
        Assert.Equal(1, await TotalAsync(centre, path));
    }

    [Fact]
    public async Task Twenty_activities_recorded_at_once_are_all_recorded_and_counted_exactly()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var campaign = await LaunchAsync(centre, Campaign(today));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            service.ClientFor(Actors.Centre).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities",
                Activity(today, kind: i % 2 == 0 ? "training" : "activity", schoolName: $"勐海县第{i % 5 + 1}小学", participants: 3))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal((5, 30, 20), Counts((await ProgressAsync(centre, campaign)).GetProperty("achieved")));
        Assert.Equal(20, await TotalAsync(centre, $"/api/v1/campaigns/{campaign}/activities"));
        Assert.Equal("\"21\"", (await centre.GetAsync($"/api/v1/campaigns/{campaign}")).Headers.ETag?.Tag);
    }
}
