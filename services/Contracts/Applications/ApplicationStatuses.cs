namespace Kechuang.Contracts.Applications;

/// <summary>
/// An application's <c>status</c> as the API spells it, in the order of its life. Pinned to
/// Applications' <c>ApplicationStatus</c> by Kechuang.CrossService.Tests.
/// </summary>
public static class ApplicationStatuses
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Recommended = "recommended";
    public const string Returned = "returned";
    public const string NotRecommended = "not-recommended";
    public const string Designated = "designated";
    public const string Declined = "declined";

    public static readonly IReadOnlyList<string> All = [Draft, Submitted, Recommended, Returned, NotRecommended, Designated, Declined];
}
