using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Gateway.Access.Staff;
using Kechuang.Gateway.Limits;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace Kechuang.Gateway.Access;

/// <summary>
/// Who is calling: a partner key (<c>X-Api-Key</c>, the bootstrap admin key included) or a staff
/// bearer token. Keys are looked up by hash and the answer, known or unknown, is cached briefly;
/// revoking a key evicts it on every gateway replica at once (<see cref="AccessChanges"/>; within
/// <see cref="CacheFor"/> on a replica that is not listening). Each lookup of a key the node does
/// not know takes a permit of its client address's failure budget
/// (<c>Kechuang:RateLimit:UnknownKeysPerMinute</c>) before it reads, and gives it back when the key
/// is valid; once the budget is spent, keys the node does not know already are not looked up for
/// that address until it refills (429), however many arrive at once.
/// </summary>
public sealed class Authenticator(IDocumentStore store, StaffTokens tokens, IConfiguration configuration) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    public static readonly Actor BootstrapAdmin = new("key:bootstrap", "bootstrap admin", Roles.Admin);

    /// <summary>The bootstrap key the AppHost hands a local run: published in the repository, so only Development accepts it.</summary>
    public const string PublishedDevelopmentKey = "kechuang-dev-admin-key";

    private readonly byte[]? _bootstrapHash = configuration["Kechuang:BootstrapAdminKey"] is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    /// <summary>
    /// Set by an AppHost running in Development (<c>./kechuang run</c>), which runs the gateway as
    /// Production but has itself applied the rule below to its own environment.
    /// </summary>
    public const string DevelopmentAppHostKey = "Kechuang:DevelopmentAppHost";

    /// <summary>
    /// The gateway refuses to start with the published development key outside Development, the
    /// same rule the AppHost keeps, since a deployment (deploy/) does not go through the AppHost.
    /// A gateway a Development AppHost started (<see cref="DevelopmentAppHostKey"/>) takes it.
    /// </summary>
    internal static void RefusePublishedKeyOutsideDevelopment(string? key, IHostEnvironment environment, bool developmentAppHost = false)
    {
        if (key?.Trim() == PublishedDevelopmentKey && !environment.IsDevelopment() && !developmentAppHost)
            throw new InvalidOperationException(
                $"Kechuang:BootstrapAdminKey is the published development value and the gateway runs in {environment.EnvironmentName}: set a secret one, or none.");
    }

    /// <summary>Keys by hash: the actor, or null for a key that is not valid.</summary>
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    /// <summary>When each key was last forgotten (<see cref="Stopwatch"/> ticks), for lookups under way then.</summary>
    private readonly ConcurrentDictionary<string, long> _forgotten = new(StringComparer.Ordinal);

    private long _allForgottenAt;

    private readonly FailureBudget _unknownKeys = new(
        configuration.GetValue("Kechuang:RateLimit:UnknownKeysPerMinute", 20), TimeSpan.FromMinutes(1));

    /// <summary>The key's actor; null for a key that is not valid; <paramref name="retryAfter"/> set when the address may not try keys now.</summary>
    public async Task<(Actor? Actor, TimeSpan? RetryAfter)> FromApiKeyAsync(string key, string address, CancellationToken ct)
    {
        if (key.Length is 0 or > 200) return (null, null);
        var hash = ApiKey.HashOf(key);
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(_bootstrapHash, Convert.FromHexString(hash)))
            return (BootstrapAdmin, null);

        if (_cache.TryGetValue(hash, out Actor? cached)) return (cached, null);
        // A key being read already: wait for that read, so a new key's first burst is one lookup.
        if (_reading.TryGetValue(hash, out var running)) return (await running.WaitAsync(ct), null);
        if (_unknownKeys.TryTake(address) is { } wait) return (null, wait);
        var mine = new TaskCompletionSource<Actor?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = _reading.GetOrAdd(hash, mine.Task);
        if (read != mine.Task)
        {
            _unknownKeys.GiveBack(address); // another request began it meanwhile
            return (await read.WaitAsync(ct), null);
        }
        _ = ReadAsync(hash, address, mine);
        return (await mine.Task.WaitAsync(ct), null);
    }

    /// <summary>Keys being read from the database now, by hash.</summary>
    private readonly ConcurrentDictionary<string, Task<Actor?>> _reading = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the key once for every request waiting on it, to its end whichever of them gives up,
    /// and settles the permit taken for it: spent when the key is not valid, given back when it is
    /// or when the read failed (nothing was learned).
    /// </summary>
    private async Task ReadAsync(string hash, string address, TaskCompletionSource<Actor?> result)
    {
        try
        {
            var since = Stopwatch.GetTimestamp();
            await using var session = store.QuerySession();
            var stored = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.Hash == hash, CancellationToken.None);
            var actor = stored is { IsRevoked: false } ? stored.ToActor() : null;
            // A change heard while the key was read may not be in what was read: it is not kept.
            if (!ForgottenSince(hash, since)) _cache.Set(hash, actor, CacheFor);
            if (actor is not null) _unknownKeys.GiveBack(address);
            result.SetResult(actor);
        }
        catch (Exception ex)
        {
            _unknownKeys.GiveBack(address);
            result.SetException(ex);
        }
        finally
        {
            _reading.TryRemove(KeyValuePair.Create(hash, result.Task));
        }
    }

    public Task<Actor?> FromBearerAsync(string token, CancellationToken ct) => tokens.ValidateAsync(token, ct);

    /// <summary>Drops what this node knows of a key (revoked, or just created after someone guessed at it).</summary>
    public void Forget(string keyHash)
    {
        var now = Stopwatch.GetTimestamp();
        _forgotten[keyHash] = now;
        _cache.Remove(keyHash);
        _reading.TryRemove(keyHash, out _); // a read under way may not hold the change: later requests read again
        foreach (var (hash, at) in _forgotten)
            if (Stopwatch.GetElapsedTime(at, now) > CacheFor) _forgotten.TryRemove(hash, out _);
    }

    /// <summary>Drops what this node knows of every key.</summary>
    public void ForgetAll()
    {
        _allForgottenAt = Stopwatch.GetTimestamp();
        _cache.Clear();
        _reading.Clear();
    }

    private bool ForgottenSince(string hash, long since) =>
        Volatile.Read(ref _allForgottenAt) > since || _forgotten.TryGetValue(hash, out var at) && at > since;

    public void Dispose() => _cache.Dispose();
}
