using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kechuang.Gateway.Health;

/// <summary>
/// The gateway's health answers, computed at most once per <see cref="CacheFor"/>: its readiness
/// asks five services, and each of them its database and bus, so a flood of probes must not turn
/// into a flood behind it. Callers arriving while a check runs share that check; healthy and
/// unhealthy answers alike are kept (a struggling system is exactly when probes must stay cheap).
/// </summary>
public sealed class CachedHealthChecks(HealthCheckService inner, TimeProvider clock) : HealthCheckService
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private static readonly object Everything = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<object, Task<Answer>> _answers = [];

    private sealed record Answer(HealthReport Report, DateTimeOffset At);

    public override async Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken ct = default)
    {
        var key = (object?)predicate ?? Everything;
        Task<Answer> answer;
        lock (_lock)
        {
            if (!_answers.TryGetValue(key, out answer!) || IsStale(answer))
                _answers[key] = answer = CheckAsync(predicate);
        }
        return (await answer.WaitAsync(ct)).Report;
    }

    // A check in progress is shared; a failed one is not kept.
    private bool IsStale(Task<Answer> answer) =>
        answer.IsCompleted && (!answer.IsCompletedSuccessfully || clock.GetUtcNow() - answer.Result.At >= CacheFor);

    // Not tied to the first caller's request: the check is everybody's, one caller hanging up must not cancel it.
    private async Task<Answer> CheckAsync(Func<HealthCheckRegistration, bool>? predicate)
    {
        var report = await inner.CheckHealthAsync(predicate, CancellationToken.None);
        return new Answer(report, clock.GetUtcNow());
    }

    /// <summary>Puts the cache in front of the health check service the framework registered.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(HealthCheckService));
        var implementation = registered.ImplementationType
            ?? throw new InvalidOperationException("The health check service is not registered by type; it cannot be cached.");
        services.Remove(registered);
        services.AddSingleton<HealthCheckService>(sp => new CachedHealthChecks(
            (HealthCheckService)ActivatorUtilities.CreateInstance(sp, implementation), sp.GetRequiredService<TimeProvider>()));
    }
}
