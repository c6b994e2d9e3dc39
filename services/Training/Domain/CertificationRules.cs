using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

public enum CertificationDecision
{
    Certify,
    Refuse,
}

/// <summary>
/// The professional standard: primary and intermediate candidates are assessed on a written
/// test and a portfolio, senior candidates also on an oral defence; each required part needs
/// at least <see cref="PassMark"/> out of 100.
/// </summary>
public static class CertificationRules
{
    public const int PassMark = 60;
    public const string PartNotApplicable = "part_not_applicable";
    public const string AssessmentIncomplete = "assessment_incomplete";
    public const string AssessmentFailed = "assessment_failed";

    public static IReadOnlyList<AssessmentPart> RequiredParts(CertificationLevel level) => level == CertificationLevel.Senior
        ? [AssessmentPart.Written, AssessmentPart.Portfolio, AssessmentPart.Defence]
        : [AssessmentPart.Written, AssessmentPart.Portfolio];

    public static string Title(CertificationLevel level) => level switch
    {
        CertificationLevel.Primary => "科技辅导教师专业水平认证（初级）",
        CertificationLevel.Intermediate => "科技辅导教师专业水平认证（中级）",
        _ => "科技辅导教师专业水平认证（高级）",
    };

    /// <summary>
    /// The centre, or the province of the candidate, assigns the assessors while the candidate is
    /// being assessed; the list replaces the earlier one.
    /// </summary>
    public static Decision AssignAssessors(Certification c, IReadOnlyList<Guid> expertIds, Actor by, DateTimeOffset now)
    {
        if (!by.Is(Roles.Admin, Roles.Centre) && !(by.Is(Roles.Province) && by.CoversProvince(c.Candidate.Province)))
            return DomainError.Forbidden("Assessors are assigned by the centre or by the candidate's province.");
        if (c.Status != CertificationStatus.Assessing)
            return DomainError.InvalidState($"The certification was already decided ({Name(c.Status)}).");
        return Decision.Of(new AssessorsAssigned(c.Id, expertIds, by, now));
    }

    /// <summary>
    /// Only an assigned assessor scores, while assessing; scoring a part again replaces its score.
    /// </summary>
    public static Decision Assess(Certification c, AssessmentPart part, int score, Actor by, DateTimeOffset now)
    {
        if (!c.AssessedBy(by))
            return DomainError.Forbidden(c.AssessorIds.Count == 0
                ? "No assessors are assigned to this certification yet; the centre or the candidate's province assigns them."
                : "Only the assessors assigned to this certification score it.");
        if (c.Status != CertificationStatus.Assessing)
            return DomainError.InvalidState($"The certification was already decided ({Name(c.Status)}).");
        if (!RequiredParts(c.Level).Contains(part))
            return DomainError.Rule(PartNotApplicable, "This level is not assessed on that part.",
                $"A {Name(c.Level)} certification is assessed on: {string.Join(", ", RequiredParts(c.Level).Select(Name))}.");
        return Decision.Of(new AssessmentRecorded(c.Id, part, score, by, now));
    }

    /// <summary>Certify only when every required part is scored and passed; refusing is always possible while assessing.</summary>
    public static Decision Decide(
        Certification c, CertificationDecision decision, string? comment, string certificateCode, Actor by, DateTimeOffset now)
    {
        if (c.Status != CertificationStatus.Assessing)
            return DomainError.InvalidState($"The certification was already decided ({Name(c.Status)}).");
        if (decision == CertificationDecision.Refuse) return Decision.Of(new CertificationRefused(c.Id, comment, by, now));

        var missing = RequiredParts(c.Level).Where(p => c.Scores.All(s => s.Part != p)).ToList();
        if (missing.Count > 0)
            return DomainError.Rule(AssessmentIncomplete, "Not every required part has been assessed.",
                $"Missing: {string.Join(", ", missing.Select(Name))}.");
        var failed = c.Scores.Where(s => s.Score < PassMark && RequiredParts(c.Level).Contains(s.Part)).ToList();
        if (failed.Count > 0)
            return DomainError.Rule(AssessmentFailed, $"Every required part needs at least {PassMark} points.",
                $"Below the pass mark: {string.Join(", ", failed.Select(f => $"{Name(f.Part)} {f.Score}"))}.");
        return Decision.Of(new CandidateCertified(c.Id, c.Candidate.Name, c.Level, Title(c.Level), certificateCode, by, now));
    }

    private static string Name<T>(T value) where T : struct, Enum => ApiEnum.Name(value);
}
