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
        await Task.WhenAll(running);
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
            if (await Pick(mix, _total).Run(client, recorder, ct)) return;
            if (fallback.Count == 0) await _exhausted!.CancelAsync();
            else await Pick(fallback, _fallbackTotal).Run(client, recorder, ct);
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

    private static WeightedOperation Pick(IReadOnlyList<WeightedOperation> operations, double total)
    {
        var x = Random.Shared.NextDouble() * total;
        foreach (var operation in operations)
        {
            if (x < operation.Weight) return operation;
            x -= operation.Weight;
        }
        return operations[^1];
    }
}
