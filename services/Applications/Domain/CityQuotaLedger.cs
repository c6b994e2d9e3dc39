using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Applications.Domain;

/// <summary>The ledger of one province's recommended pilot cities in one call was opened.</summary>
public sealed record CityQuotaLedgerOpened(Guid LedgerId, Guid CallId, string Province, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>A pilot city recommendation took one of the province's places in the call.</summary>
public sealed record CityRecommendationCounted(Guid LedgerId, Guid ApplicationId, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// Each province recommends at most <see cref="Call.CityQuotaPerProvince"/> pilot cities per call
/// (每省推荐不超过5个). The rule spans many application streams, so it is decided on this one
/// stream per (call, province): a recommendation locks it (FetchForExclusiveWriting), so concurrent
/// recommendations queue and each sees the places already taken, and it is appended in the same
/// transaction as the application's event.
/// </summary>
public sealed record CityQuotaLedger(Guid Id, Guid CallId, string Province, IReadOnlyList<Guid> Recommended)
{
    /// <summary>Namespace of the ledgers' name-based ids (RFC 9562 UUID v5).</summary>
    private static readonly Guid Namespace = new("0c8f2a52-5f0e-4a61-9a51-6b3f4d0e7c11");

    public static CityQuotaLedger Create(CityQuotaLedgerOpened e) => new(e.LedgerId, e.CallId, e.Province, []);

    public CityQuotaLedger Apply(CityRecommendationCounted e) => this with { Recommended = [.. Recommended, e.ApplicationId] };

    /// <summary>The same (call, province) always names the same ledger, on every node.</summary>
    public static Guid IdFor(Guid callId, string province) => NameBasedGuid.V5Sha1(Namespace, $"{callId:D}/{province}");

    public static Decision Count(CityQuotaLedger ledger, Guid applicationId, int quota, Actor actor, DateTimeOffset now)
    {
        if (ledger.Recommended.Contains(applicationId)) return Decision.Of();
        if (ledger.Recommended.Count >= quota)
            return DomainError.Conflict("quota_exceeded", "The province's quota of recommended pilot cities is used up.",
                $"{ledger.Province} already recommended {ledger.Recommended.Count} of {quota} pilot cities in this call.");
        return Decision.Of(new CityRecommendationCounted(ledger.Id, applicationId, actor, now));
    }
}
