using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kechuang.TestKit;

/// <summary>
/// Counts the SQL round trips one request makes: Npgsql's spans (one per command or batch) that
/// belong to a trace this test starts and sends as the request's <c>traceparent</c>, so the
/// service's background work (daemon, bridge) and other tests' requests are not counted.
/// </summary>
public sealed class SqlStatements : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, int> _counts = new();
    private readonly ActivityListener _listener;

    public SqlStatements()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _counts.AddOrUpdate(a.TraceId, 1, (_, n) => n + 1),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Sends a GET in a trace of its own; answers the response and the SQL round trips it made.</summary>
    public async Task<(HttpResponseMessage Response, int Statements)> GetAsync(HttpClient client, string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        return (response, _counts.GetValueOrDefault(trace));
    }

    public void Dispose() => _listener.Dispose();
}
