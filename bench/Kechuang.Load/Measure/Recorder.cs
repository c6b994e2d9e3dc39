using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kechuang.Load.Measure;

/// <summary>
/// What one phase measured: per route, every latency and how each request ended; per second,
/// how many succeeded and failed (the timeline that shows whether load held through a fault).
/// A request fails when the transport failed, the answer was a 5xx, or a status the operation
/// did not expect; 429s are counted apart (they are the per-key limit, not the system failing).
/// </summary>
public sealed class Recorder
{
    public const int TransportError = 0;

    private readonly ConcurrentDictionary<string, RouteSamples> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private readonly long[] _okPerSecond = new long[7200];
    private readonly long[] _failedPerSecond = new long[7200];
    private long _started = Stopwatch.GetTimestamp();
    private long _stopped;

    public void Start() => _started = Stopwatch.GetTimestamp();

    public void Stop() => _stopped = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started, _stopped == 0 ? Stopwatch.GetTimestamp() : _stopped);

    public void Record(string route, int status, double milliseconds, bool expected)
    {
        var samples = _routes.GetOrAdd(route, _ => new RouteSamples());
        var failed = !expected && status != 429;
        samples.Add(milliseconds, status, failed);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        var second = (int)Math.Min(_okPerSecond.Length - 1, Math.Max(0, Elapsed.TotalSeconds));
        if (failed) Interlocked.Increment(ref _failedPerSecond[second]);
        else Interlocked.Increment(ref _okPerSecond[second]);
    }

    public IReadOnlyDictionary<int, long> Statuses => _statuses;

    public IReadOnlyList<(long Ok, long Failed)> Timeline()
    {
        var seconds = (int)Math.Min(_okPerSecond.Length, Math.Ceiling(Elapsed.TotalSeconds));
        return Enumerable.Range(0, seconds).Select(s => (Interlocked.Read(ref _okPerSecond[s]), Interlocked.Read(ref _failedPerSecond[s]))).ToList();
    }

    public IReadOnlyList<RouteStats> Routes()
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        return _routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value.Stats(r.Key, seconds)).ToList();
    }

    /// <summary>All routes together.</summary>
    public RouteStats Total(string label)
    {
        var merged = new RouteSamples();
        foreach (var samples in _routes.Values) merged.AddAll(samples);
        return merged.Stats(label, Math.Max(Elapsed.TotalSeconds, 0.001));
    }

    private sealed class RouteSamples
    {
        private readonly List<double> _latencies = [];
        private long _failed, _tooMany, _serverErrors;

        public void Add(double milliseconds, int status, bool failed)
        {
            lock (_latencies)
            {
                _latencies.Add(milliseconds);
                if (failed) _failed++;
                if (status == 429) _tooMany++;
                if (status >= 500 || status == TransportError) _serverErrors++;
            }
        }

        public void AddAll(RouteSamples other)
        {
            lock (other._latencies)
            {
                _latencies.AddRange(other._latencies);
                _failed += other._failed;
                _tooMany += other._tooMany;
                _serverErrors += other._serverErrors;
            }
        }

        public RouteStats Stats(string route, double seconds)
        {
            List<double> copy;
            long failed, tooMany, serverErrors;
            lock (_latencies)
            {
                copy = [.. _latencies];
                (failed, tooMany, serverErrors) = (_failed, _tooMany, _serverErrors);
            }
            var (p50, p95, p99) = Percentiles.Summary(copy);
            return new RouteStats(route, copy.Count, failed, serverErrors, tooMany, Math.Round(copy.Count / seconds, 1),
                Math.Round(p50, 1), Math.Round(p95, 1), Math.Round(p99, 1));
        }
    }
}

public sealed record RouteStats(string Route, long Requests, long Errors, long ServerErrors, long TooMany, double Rps, double P50, double P95, double P99);
