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
            "validation_failed" => t.IsEnglish ? "Please correct the marked fields." : "请按提示修改标出的字段。",
            "invalid_state" => t.IsEnglish ? "The record's current state does not allow this." : "记录当前状态不允许此操作。",
            "quota_exceeded" => t.IsEnglish ? "The province has used its quota of recommended cities in this call." : "本省在该批次推荐的试点城市已达名额上限。",
            "double_booked" => t.IsEnglish ? "The expert is already booked at that time." : "该专家在此时段已有安排。",
            "monthly_capacity_reached" => t.IsEnglish ? "The expert has no capacity left this month." : "该专家本月服务次数已满。",
            "precondition_failed" or "concurrency_conflict" => t.StaleRecord,
            "not_found" => t.NotFound,
            "forbidden" => t.IsEnglish ? "Your role may not do this." : "您的角色无权执行此操作。",
            "unavailable" => t.ServiceUnavailable,
            "rate_limited" => t.IsEnglish ? "Too many requests; try again in a moment." : "请求过于频繁，请稍后再试。",
            _ => null,
        };
        var detail = problem.Detail ?? problem.Title;
        return known is null
            ? $"{t.ActionFailed}: {detail} ({problem.Code})"
            : t.IsEnglish && !string.IsNullOrEmpty(detail) && problem.Code != "validation_failed" ? $"{known} {detail}" : known;
    }
}
