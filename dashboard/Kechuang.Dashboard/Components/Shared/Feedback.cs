using Kechuang.Dashboard.Api;
using Kechuang.Dashboard.Localization;
using MudBlazor;

namespace Kechuang.Dashboard.Components.Shared;

/// <summary>
/// What the user is told after an action: a success snackbar, or the problem — field errors stay
/// on the form (next to their fields), everything else is said in a snackbar, in the user's language
/// for the codes API.md names.
/// </summary>
public sealed class Feedback(ISnackbar snackbar, Texts t)
{
    public void Success(string message) => snackbar.Add(message, Severity.Success);

    /// <summary>Reports <paramref name="problem"/>; returns it when it carries field errors for the form to show.</summary>
    public ApiProblem? Failed(ApiProblem problem)
    {
        if (problem.Status == 401) return null; // already on the way to sign in
        var message = Describe(problem);
        snackbar.Add(message, Severity.Error, o => o.VisibleStateDuration = 8000);
        return problem.Errors.Count > 0 ? problem : null;
    }

    public string Describe(ApiProblem problem)
    {
        var known = problem.Code switch
        {
            "validation_failed" => t.ProblemFields,
            "invalid_state" => t.ProblemInvalidState,
            "quota_exceeded" => t.ProblemQuota,
            "double_booked" => t.ProblemDoubleBooked,
            "monthly_capacity_reached" => t.ProblemCapacity,
            "precondition_failed" or "concurrency_conflict" => t.StaleRecord,
            "not_found" => t.NotFound,
            "forbidden" => t.ProblemForbidden,
            "unavailable" => t.ServiceUnavailable,
            "rate_limited" => t.ProblemRateLimited,
            _ => null,
        };
        var detail = problem.Detail ?? problem.Title;
        return known is null
            ? $"{t.ActionFailed}: {detail} ({problem.Code})"
            : t.IsEnglish && !string.IsNullOrEmpty(detail) && problem.Code != "validation_failed" ? $"{known} {detail}" : known;
    }
}
