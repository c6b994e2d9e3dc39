using System.Diagnostics;
using Kechuang.Load.Http;
using Kechuang.Load.Measure;

namespace Kechuang.Load.Workload;

/// <summary>
/// Runs a mix of operations for a while: paced at a target rate (open loop: operations start on
/// schedule whether or not earlier ones have finished, up to a cap of operations in flight), or,
/// with rate 0, as fast as a fixed number of clients can go (closed loop). An operation that has
/// nothing to do (an empty queue) gives way to a read, or, without fallback, ends the phase
/// (the submission phase ends when the prepared drafts run out).
/// </summary>
public sealed class Driver(IReadOnlyList<WeightedOperation> mix, IReadOnlyList<WeightedOperation> fallback)
{
    private readonly double _total = mix.Sum(o => o.Weight);
    private readonly double _fallbackTotal = fallback.Sum(o => o.Weight);
    private long _failures;
    private CancellationTokenSource? _exhausted;
    private string? _firstFailure;

    /// <summary>Operations that threw (a bug in the harness or an answer it could not read), apart from the recorded requests.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public string? FirstFailure => _firstFailure;

    /// <summary>
    /// Paced runs: how many operations started per second, and how late each started against its
    /// schedule (waiting for one of the slots in flight). The request latencies do not include
    /// this wait, so a saturated system shows here and in the rate, not in the latencies alone.
    /// </summary>
    public Pacing? Paced { get; private set; }

    public sealed record Pacing(double OfferedPerSecond, double StartedPerSecond, double LateP50Ms, double LateP99Ms);

    /// <summary>
    /// Runs for <paramref name="duration"/> or until <paramref name="stopEarly"/>; <paramref name="ct"/>
    /// aborts requests in flight too.
    /// </summary>
    public async Task RunAsync(Client client, Recorder recorder, double rate, int concurrency, TimeSpan duration, CancellationToken ct,
        CancellationToken stopEarly = default)
    {
        recorder.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, stopEarly);
        _exhausted = stop;
        stop.CancelAfter(duration);
        // Operations in flight when the time is up finish (and count); none start after.
        stop.Token.Register(recorder.Stop);
        if (rate <= 0)
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (!stop.IsCancellationRequested) await OnceAsync(client, recorder, ct);
            }));
        else
            await PacedAsync(client, recorder, rate, concurrency, stop.Token, ct);
    }

    private async Task PacedAsync(Client client, Recorder recorder, double rate, int concurrency, CancellationToken stop, CancellationToken ct)
    {
        using var inFlight = new SemaphoreSlim(concurrency);
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        long started = 0;
        var late = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (started < due && !stop.IsCancellationRequested)
            {
                try
                {
                    await inFlight.WaitAsync(stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                // Operation number `started` was due at started / rate seconds.
                late.Add(Math.Max(0, (clock.Elapsed.TotalSeconds - started / rate) * 1000));
                started++;
                running.Add(RunReleasingAsync(client, recorder, inFlight, ct));
            }
            running.RemoveAll(t => t.IsCompleted);
            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(running);
        var (p50, _, p99) = Percentiles.Summary(late);
        Paced = new Pacing(rate, Math.Round(started / seconds, 1), Math.Round(p50, 1), Math.Round(p99, 1));
    }

    private async Task RunReleasingAsync(Client client, Recorder recorder, SemaphoreSlim inFlight, CancellationToken ct)
    {
        try
        {
            await OnceAsync(client, recorder, ct);
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task OnceAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        try
        {
            if (await Weighted.Pick(mix, o => o.Weight, _total).Run(client, recorder, ct)) return;
            if (fallback.Count == 0) await _exhausted!.CancelAsync();
            else await Weighted.Pick(fallback, o => o.Weight, _fallbackTotal).Run(client, recorder, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the run was cancelled mid-operation
        }
        catch (Exception e)
        {
            if (Interlocked.Increment(ref _failures) == 1) _firstFailure = e.ToString();
        }
    }
}
