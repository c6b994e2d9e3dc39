namespace Kechuang.Contracts.Experts;

/// <summary>
/// A visit request's <c>status</c> as the API spells it (<see cref="VisitDelivered"/> is the
/// <c>delivered</c> one), in the order of its life. Pinned to Experts' <c>VisitStatus</c> by
/// Kechuang.CrossService.Tests.
/// </summary>
public static class VisitStatuses
{
    public const string Open = "open";
    public const string Proposed = "proposed";
    public const string Confirmed = "confirmed";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Open, Proposed, Confirmed, Delivered, Cancelled];
}
