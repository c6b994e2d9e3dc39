using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Kechuang.Gateway.Limits;

/// <summary>What one request took from its caller's bucket.</summary>
/// <param name="Remaining">Whole tokens left after it (0 when refused).</param>
/// <param name="RetryAfter">Until the next token, when refused.</param>
public readonly record struct Take(bool Admitted, long Remaining, TimeSpan RetryAfter);

/// <summary>
/// The callers' token buckets in Redis (<c>ConnectionStrings:redis</c>), so that every gateway
/// replica draws on one bucket per caller: one script call per request takes a token atomically,
/// on the Redis server's clock (replicas' clocks may differ), refilling continuously at
/// <c>PermitsPerSecond</c> up to <c>Burst</c>. A bucket's key expires once it would be full again.
/// <para>
/// When Redis does not answer (not connected, or a call failed: then it is left alone for
/// <see cref="Pause"/>), <see cref="TryTakeAsync"/> answers null and the caller counts locally;
/// the outage is logged once, and the health check says Degraded (not Unhealthy: the gateway
/// serves on, with each replica's own limit) until Redis answers again.
/// </para>
/// </summary>
public sealed partial class SharedBuckets(IConnectionMultiplexer redis, int burst, int perSecond, ILogger<SharedBuckets> logger) : IHealthCheck
{
    public const string ConnectionName = "redis";
    public const string KeyPrefix = "kechuang:rate:";

    /// <summary>How long a failed call keeps the gateway off Redis before it tries again.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    // KEYS[1] the caller's bucket; ARGV burst, tokens per second. Returns admitted (0/1), whole
    // tokens left, milliseconds until the next token when refused. Time in whole milliseconds, so
    // every number stored is exact in Lua's number-to-string conversion.
    private const string Script = """
        local burst = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or burst
        local at = tonumber(bucket[2]) or now
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
        local admitted, wait = 0, 0
        if tokens >= 1 then
          tokens = tokens - 1
          admitted = 1
        else
          wait = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
        return {admitted, math.floor(tokens), wait}
        """;

    private readonly RedisValue[] _arguments = [burst, perSecond];
    private long _pausedUntil;
    private int _down;

    /// <summary>The multiplexer's options: short timeouts, no waiting for a connection, one multiplexer per process.</summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        options.ConnectRetry = 1;
        // Back within about a second of Redis answering again (the default waits up to a minute).
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        // A command sent while disconnected fails at once instead of waiting in a backlog.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    /// <summary>Takes one token from <paramref name="caller"/>'s shared bucket; null when Redis does not answer.</summary>
    public async ValueTask<Take?> TryTakeAsync(string caller)
    {
        if (!redis.IsConnected || Environment.TickCount64 < Volatile.Read(ref _pausedUntil))
        {
            WentDown(null);
            return null;
        }
        try
        {
            var answer = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [KeyPrefix + caller], _arguments))!;
            CameBack();
            return new Take((long)answer[0] == 1, (long)answer[1], TimeSpan.FromMilliseconds((long)answer[2]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Volatile.Write(ref _pausedUntil, Environment.TickCount64 + (long)Pause.TotalMilliseconds);
            WentDown(e);
            return null;
        }
    }

    public bool Answering => Volatile.Read(ref _down) == 0 && redis.IsConnected;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answering
            ? HealthCheckResult.Healthy("Rate limits are shared through Redis.")
            : HealthCheckResult.Degraded("Redis does not answer: each gateway replica limits callers on its own."));

    private void WentDown(Exception? error)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0) LogDown(logger, error);
    }

    private void CameBack()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1) LogBack(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis does not answer: each gateway replica now limits callers on its own, until Redis answers again.")]
    private static partial void LogDown(ILogger logger, Exception? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: rate limits are shared again.")]
    private static partial void LogBack(ILogger logger);
}
