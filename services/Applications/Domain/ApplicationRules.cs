using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Applications.Domain;

/// <summary>The rules of an application's life: pure functions of (state, command, now, actor).</summary>
public static class ApplicationRules
{
    public static bool IsOpenForChanges(Application a) => a.Status is ApplicationStatus.Draft or ApplicationStatus.Returned;

    public static Decision Edit(Application a, PilotKind kind, Applicant applicant, string trackRecord, string workPlan,
        Actor actor, DateTimeOffset now)
    {
        if (!IsOpenForChanges(a))
            return DomainError.InvalidState($"The application is {Describe(a.Status)}; it can be edited only as a draft or after it was returned.");
        return Decision.Of(new ApplicationEdited(a.Id, kind, applicant, trackRecord, workPlan, actor, now));
    }

    public static Decision UploadSealScan(Application a, string sha256, long size, string contentType, Actor actor, DateTimeOffset now)
    {
        if (!IsOpenForChanges(a))
            return DomainError.InvalidState($"The application is {Describe(a.Status)}; its seal scan can be replaced only as a draft or after it was returned.");
        return Decision.Of(new SealScanUploaded(a.Id, sha256, size, contentType, actor, now));
    }

    /// <summary>
    /// Submission needs the declaration (情况属实), an open call (its deadline instant included) and
    /// the scan of the sealed form.
    /// </summary>
    public static Decision Submit(Application a, Call call, bool declared, Actor actor, DateTimeOffset now)
    {
        if (!IsOpenForChanges(a))
            return DomainError.InvalidState($"The application is {Describe(a.Status)}; only a draft or a returned application can be submitted.");
        if (!declared)
            return DomainError.Rule("declaration_required", "The declaration is required.",
                "Send {\"declaration\": true} to declare that the information is true (情况属实).");
        switch (call.StatusAt(now))
        {
            case CallStatus.Scheduled:
                return DomainError.Rule("call_not_open", "The call is not open yet.", $"It opens at {call.OpensAt:O}.");
            case CallStatus.Closed:
                return DomainError.Rule("deadline_passed", "The call's deadline has passed.", $"The deadline was {call.Deadline:O}.");
        }
        if (a.SealScan is null)
            return DomainError.Rule("seal_scan_missing", "The scan of the sealed form is missing.",
                "Upload it with PUT /api/v1/applications/{id}/seal-scan (PDF, PNG or JPEG) before submitting.");
        return Decision.Of(new ApplicationSubmitted(a.Id, a.SealScan.Sha256, actor, now, a.Kind, a.Applicant.Province));
    }

    /// <summary>The provincial association's decision on a submitted application (quota: see <see cref="CityQuotaLedger"/>).</summary>
    public static Decision Recommend(Application a, RecommendationDecision decision, string? comment, Actor actor, DateTimeOffset now)
    {
        if (a.Status != ApplicationStatus.Submitted)
            return DomainError.InvalidState($"The application is {Describe(a.Status)}; only a submitted application can be recommended, returned or not recommended.");
        return decision switch
        {
            RecommendationDecision.Recommend => Decision.Of(new ApplicationRecommended(a.Id, comment, actor, now, a.Kind, a.Applicant.Province)),
            RecommendationDecision.Return => Decision.Of(new ApplicationReturned(a.Id, comment ?? "", actor, now)),
            _ => Decision.Of(new ApplicationNotRecommended(a.Id, comment ?? "", actor, now)),
        };
    }

    public static Decision Review(Application a, int score, string? comment, Actor actor, DateTimeOffset now)
    {
        if (a.Status != ApplicationStatus.Recommended)
            return DomainError.InvalidState($"The application is {Describe(a.Status)}; only a recommended application is reviewed.");
        return Decision.Of(new ApplicationReviewed(a.Id, score, comment, actor, now));
    }

    public static Decision Designate(Application a, Call call, DesignationDecision decision, string? comment, Guid pilotId,
        Actor actor, DateTimeOffset now)
    {
        if (a.Status != ApplicationStatus.Recommended)
            return DomainError.InvalidState($"The application is {Describe(a.Status)}; only a recommended application can be designated or declined.");
        if (decision == DesignationDecision.Decline)
            return Decision.Of(new ApplicationDeclined(a.Id, comment, actor, now));
        var p = a.Applicant;
        return Decision.Of(new ApplicationDesignated(a.Id, pilotId, a.CallId, call.Year, a.Kind, p.Name, p.Type, p.Province,
            p.City, p.County, a.OrganizationId, comment, actor, now));
    }

    private static string Describe(ApplicationStatus status) => status switch
    {
        ApplicationStatus.NotRecommended => "not recommended",
        _ => ApiEnum.Name(status),
    };
}
