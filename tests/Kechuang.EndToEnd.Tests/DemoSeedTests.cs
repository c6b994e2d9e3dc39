using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Seed;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>Runs alone: its counts must not see other tests' writes land between the two seeds.</summary>
[CollectionDefinition(nameof(DemoSeedTests), DisableParallelization = true)]
public sealed class DemoSeedCollection;

/// <summary>
/// <c>./kechuang seed</c> as a library call, at its small scale, against the whole system: the
/// data set reaches every state through the gateway, and a second seed adds nothing.
/// </summary>
[Collection(nameof(DemoSeedTests))]
public sealed class DemoSeedTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task Seeding_fills_every_state_and_seeding_again_adds_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = $"demo-{Guid.NewGuid():N}";
        // A plain client, as the command line's: no resilience handler of the test host in between.
        using var http = new HttpClient { BaseAddress = system.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // KECHUANG_SEED_SCALE=demo measures what ./kechuang seed writes (README "Demo data"); the suite runs the small scale.
        var scale = Environment.GetEnvironmentVariable("KECHUANG_SEED_SCALE") == "demo" ? SeedScale.Demo : SeedScale.Small;
        // An account that only looks like one of the seed's (people name theirs as they like) is not reported as the seed's.
        using (var admin = system.AdminClient())
        {
            var lookalike = new { username = $"expert.{Guid.NewGuid():N}"[..20], password = "lookalike-password", role = "expert", expertId = Guid.NewGuid() };
            var made = await admin.PostAsJsonAsync("/api/v1/users", lookalike, ct);
            Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync(ct));
        }
        var phases = new StringWriter();
        var first = await new Seeder(new SeedClient(http), SystemFixture.AdminKey, password, new Progress(phases, interactive: false))
            .SeedAsync(scale, ct);
        output.WriteLine($"first seed: {first.Elapsed.TotalSeconds:0.0} s, {first.Writes} writes, {first.Certificates} certificates");
        output.WriteLine(phases.ToString());
        output.WriteLine(first.Census.ToString());

        Assert.False(first.AlreadySeeded);
        // Every status of every collection, and every collection, has records (API keys are not the seed's: it signs staff in).
        Assert.All(first.Census.Counts.Where(c => c.Key != "api-keys" && !Census.Derived.Contains(c.Key)),
            c => Assert.True(c.Value > 0, $"{c.Key}: nothing seeded"));
        Assert.True(first.Census.Count("applications") >= 31);
        Assert.True(first.Census["stations"] >= 31);
        Assert.True(first.Census["training-bases"] >= 31);
        Assert.True(first.Certificates >= 31 + 2);
        // What consumers build from the seed's events: pushes to subscribed schools, rural coverage.
        var centre = await SignInAsync("demo.centre", password);
        await Eventually.True(async () => (await TotalAsync(centre, "/api/v1/deliveries")) > 62, TimeSpan.FromSeconds(60), "resources pushed to subscribed schools");
        var gansu = await Eventually.Until(
            async () => await centre.GetFromJsonAsync<JsonElement>($"/api/v1/coverage?level=province&province={Uri.EscapeDataString("甘肃省")}", ct),
            c => c.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("expertVisits").GetInt32() > 0 && r.GetProperty("teachersTrained").GetInt32() > 0),
            TimeSpan.FromSeconds(60), "甘肃省's rural coverage counts the seed's delivered visits and trained teachers");
        output.WriteLine(gansu.ToString());

        // The printed accounts sign in, with the scope of their role: 甘肃省's association sees only its province.
        var report = Report.Of(first, system.Gateway.BaseAddress!, password);
        foreach (var username in new[] { "demo.admin", "demo.centre", "demo.gansu", "demo.unit", "demo.school", "demo.expert", "demo.trainer", "demo.operator", "demo.reader" })
            Assert.Contains(username, report);
        Assert.Contains(password, report);
        var province = await SignInAsync("demo.gansu", password);
        var seen = await province.GetFromJsonAsync<JsonElement>("/api/v1/applications?pageSize=200", ct);
        Assert.NotEmpty(seen.GetProperty("items").EnumerateArray());
        Assert.All(seen.GetProperty("items").EnumerateArray(), a => Assert.Equal("甘肃省", a.GetProperty("applicant").GetProperty("province").GetString()));

        var second = await new Seeder(new SeedClient(http), SystemFixture.AdminKey, password, Progress.None).SeedAsync(scale, ct);
        output.WriteLine($"second seed: {second.Elapsed.TotalSeconds:0.0} s, {second.Writes} writes");
        Assert.True(second.AlreadySeeded);
        Assert.Equal(0, second.Writes);
        Assert.Equal(
            first.Census.Counts.Where(c => !Census.Derived.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal),
            second.Census.Counts.Where(c => !Census.Derived.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(first.Accounts.Select(a => a.Username).Order(StringComparer.Ordinal), second.Accounts.Select(a => a.Username).Order(StringComparer.Ordinal));
    }

    private async Task<HttpClient> SignInAsync(string username, string password)
    {
        var answer = await system.Gateway.PostAsJsonAsync("/api/v1/auth/token", new { username, password });
        answer.EnsureSuccessStatusCode();
        var client = system.ServiceClient("gateway");
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<int> TotalAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path + "?pageSize=1")).GetProperty("total").GetInt32();
}
