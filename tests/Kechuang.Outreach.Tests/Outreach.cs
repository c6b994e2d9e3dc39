using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.Outreach.Tests;

/// <summary>Request bodies and calls the outreach tests share.</summary>
internal static class Outreach
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static DateOnly Today(OutreachFactory service) =>
        DateOnly.FromDateTime(service.Clock.GetUtcNow().ToOffset(ChinaStandardTime).DateTime);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd");

    public static object Campaign(
        DateOnly today, string? name = null, string[]? provinces = null, string kind = "rural-tour", int startsIn = -30, int endsIn = 60) => new
    {
        name = name ?? $"科技教育活动乡村行 {Guid.NewGuid():N}",
        kind,
        provinces = provinces ?? ["云南省", "贵州省"],
        startsOn = Iso(today.AddDays(startsIn)),
        endsOn = Iso(today.AddDays(endsIn)),
        targets = new { schools = 50, teachers = 200, activities = 80 },
    };

    public static object Activity(
        DateOnly date, string kind = "activity", string province = "云南省", string city = "西双版纳傣族自治州",
        string county = "勐海县", string schoolName = "勐海县第一小学", int participants = 40) =>
        new { kind, province, city, county, schoolName, date = Iso(date), participants };

    public static async Task<Guid> LaunchAsync(HttpClient centre, object campaign)
    {
        var response = await centre.PostAsJsonAsync("/api/v1/campaigns", campaign);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    public static void HasErrors(JsonElement problem, params string[] fields)
    {
        var errors = problem.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"an error for {field} in {errors}");
    }

    public static async Task<long> TotalAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("total").GetInt64();
}

/// <summary>Listens to one instrument of a meter and keeps what it measured, with the tags.</summary>
internal sealed class Measurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)> _seen = new();

    public Measurements(string meter, string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == meter && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            _seen.Enqueue((value, copy));
        });
        _listener.Start();
    }

    public long Sum(string tag, string value) =>
        _seen.Where(m => Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
