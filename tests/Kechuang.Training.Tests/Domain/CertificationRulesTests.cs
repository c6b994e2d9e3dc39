using Kechuang.BuildingBlocks.Domain;
using Kechuang.Training.Domain;
using Xunit;
using static Kechuang.Training.Tests.Domain.RuleFixtures;

namespace Kechuang.Training.Tests.Domain;

public sealed class CertificationRulesTests
{
    private static readonly Actor Assessor = new("key-expert-a", "评审专家", Roles.Expert, ExpertId: Guid.NewGuid());

    /// <summary>A certification requested in 北京市, with <see cref="Assessor"/> assigned.</summary>
    private static Certification Requested(CertificationLevel level)
    {
        var c = Certification.Create(new CertificationRequested(
            Guid.NewGuid(), new Candidate("张辅导员", "北京市少年宫", "北京市", "13800138000", "zhang@example.cn"), level, Staff, Now));
        return c.Apply(new AssessorsAssigned(c.Id, [Assessor.ExpertId!.Value], Staff, Now));
    }

    private static Certification Scored(CertificationLevel level, params (AssessmentPart Part, int Score)[] scores) =>
        scores.Aggregate(Requested(level), (c, s) => c.Apply(new AssessmentRecorded(c.Id, s.Part, s.Score, Staff, Now)));

    private static string? CertifyError(Certification c) =>
        CertificationRules.Decide(c, CertificationDecision.Certify, null, "KC-CODE", Staff, Now).Error?.Code;

    [Theory]
    [InlineData(CertificationLevel.Primary)]
    [InlineData(CertificationLevel.Intermediate)]
    public void Primary_and_intermediate_are_certified_on_written_and_portfolio(CertificationLevel level)
    {
        var c = Scored(level, (AssessmentPart.Written, 60), (AssessmentPart.Portfolio, 75));
        var certified = Assert.IsType<CandidateCertified>(Assert.Single(
            CertificationRules.Decide(c, CertificationDecision.Certify, null, "KC-CODE", Staff, Now).Events));
        Assert.Equal(("KC-CODE", "张辅导员"), (certified.CertificateCode, certified.HolderName));
    }

    [Fact]
    public void A_senior_certification_without_a_defence_score_cannot_be_certified()
    {
        var c = Scored(CertificationLevel.Senior, (AssessmentPart.Written, 90), (AssessmentPart.Portfolio, 90));
        Assert.Equal(CertificationRules.AssessmentIncomplete, CertifyError(c));
        Assert.Null(CertifyError(c.Apply(new AssessmentRecorded(c.Id, AssessmentPart.Defence, 61, Staff, Now))));
    }

    [Fact]
    public void A_missing_portfolio_blocks_a_primary_certification()
    {
        Assert.Equal(CertificationRules.AssessmentIncomplete, CertifyError(Scored(CertificationLevel.Primary, (AssessmentPart.Written, 99))));
    }

    [Theory]
    [InlineData(59, 80, 80)]
    [InlineData(80, 59, 80)]
    [InlineData(80, 80, 59)]
    public void Each_required_part_needs_60(int written, int portfolio, int defence)
    {
        var c = Scored(CertificationLevel.Senior,
            (AssessmentPart.Written, written), (AssessmentPart.Portfolio, portfolio), (AssessmentPart.Defence, defence));
        Assert.Equal(CertificationRules.AssessmentFailed, CertifyError(c));
    }

    [Fact]
    public void A_part_scored_again_replaces_the_earlier_score()
    {
        var c = Scored(CertificationLevel.Primary, (AssessmentPart.Written, 40), (AssessmentPart.Portfolio, 70), (AssessmentPart.Written, 70));
        Assert.Equal(2, c.Scores.Count);
        Assert.Null(CertifyError(c));
    }

    [Fact]
    public void Only_an_assigned_assessor_scores()
    {
        var c = Requested(CertificationLevel.Primary);
        Assert.Null(CertificationRules.Assess(c, AssessmentPart.Written, 80, Assessor, Now).Error);
        Assert.Null(CertificationRules.Assess(c, AssessmentPart.Written, 80, Assessor with { Role = Roles.Trainer }, Now).Error);
        foreach (var other in new[] { Staff, Assessor with { ExpertId = Guid.NewGuid() }, Assessor with { Role = Roles.School } })
        {
            var error = CertificationRules.Assess(c, AssessmentPart.Written, 80, other, Now).Error;
            Assert.Equal((403, "forbidden"), (error?.Status, error?.Code));
        }
        var reassigned = c.Apply(new AssessorsAssigned(c.Id, [Guid.NewGuid()], Staff, Now));
        Assert.Equal("forbidden", CertificationRules.Assess(reassigned, AssessmentPart.Written, 80, Assessor, Now).Error?.Code);
    }

    [Fact]
    public void Assessors_are_assigned_by_the_centre_or_the_candidates_province_while_assessing()
    {
        var c = Requested(CertificationLevel.Primary);
        IReadOnlyList<Guid> experts = [Guid.NewGuid()];
        Assert.Null(CertificationRules.AssignAssessors(c, experts, Staff, Now).Error);
        Assert.Null(CertificationRules.AssignAssessors(c, experts, new("p", "北京", Roles.Province, "北京市"), Now).Error);
        Assert.Equal("forbidden", CertificationRules.AssignAssessors(c, experts, new("p", "广东", Roles.Province, "广东省"), Now).Error?.Code);
        Assert.Equal("forbidden", CertificationRules.AssignAssessors(c, experts, Assessor, Now).Error?.Code);
        var refused = c.Apply(new CertificationRefused(c.Id, null, Staff, Now));
        Assert.Equal("invalid_state", CertificationRules.AssignAssessors(refused, experts, Staff, Now).Error?.Code);
    }

    [Fact]
    public void Primary_and_intermediate_have_no_defence()
    {
        var error = CertificationRules.Assess(Requested(CertificationLevel.Intermediate), AssessmentPart.Defence, 80, Assessor, Now).Error;
        Assert.Equal((422, CertificationRules.PartNotApplicable), (error?.Status, error?.Code));
    }

    [Fact]
    public void A_decided_certification_takes_no_more_scores_or_decisions()
    {
        var refused = Requested(CertificationLevel.Primary);
        refused = refused.Apply(new CertificationRefused(refused.Id, "材料不实", Staff, Now));
        Assert.Equal("invalid_state", CertificationRules.Assess(refused, AssessmentPart.Written, 80, Assessor, Now).Error?.Code);
        Assert.Equal("invalid_state", CertifyError(refused));
    }

    [Fact]
    public void Refusing_is_possible_without_scores()
    {
        Assert.IsType<CertificationRefused>(Assert.Single(CertificationRules.Decide(
            Requested(CertificationLevel.Senior), CertificationDecision.Refuse, "未达标准", "KC-CODE", Staff, Now).Events));
    }
}
