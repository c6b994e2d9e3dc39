using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>The pure rules, without a host or a database.</summary>
public sealed class ApplicationRulesTests
{
    private static readonly DateTimeOffset Deadline = new(2022, 2, 25, 23, 59, 59, TimeSpan.FromHours(8));
    private static readonly Actor Applicant = Actors.Unit(Guid.NewGuid());

    private static readonly Call Call = new(Guid.NewGuid(), "2022年试点申报", 2022, [PilotKind.PilotUnit, PilotKind.PilotCity],
        Deadline.AddDays(-40), Deadline, 5, Deadline.AddDays(-41));

    private static Application Draft(bool sealed_ = true)
    {
        var id = Guid.NewGuid();
        var a = Application.Create(new ApplicationDrafted(id, Call.Id, PilotKind.PilotUnit,
            new Applicant("实验小学", ApplicantType.PrimarySchool, "北京市", "北京市", null, "地址", "王老师", "13800138000", "a@b.cn"),
            "情况", "计划", Applicant.OrganizationId, Applicant, Deadline.AddDays(-10)));
        return sealed_ ? a.Apply(new SealScanUploaded(id, new string('a', 64), 10, "application/pdf", Applicant, Deadline.AddDays(-9))) : a;
    }

    private static string? Code(Decision d) => d.Error?.Code;

    [Fact]
    public void Submission_at_the_deadline_instant_is_accepted_and_one_second_later_refused()
    {
        Assert.Null(Code(ApplicationRules.Submit(Draft(), Call, true, Applicant, Deadline)));
        Assert.Equal("deadline_passed", Code(ApplicationRules.Submit(Draft(), Call, true, Applicant, Deadline.AddSeconds(1))));
    }

    [Fact]
    public void Submission_before_the_call_opens_is_refused() =>
        Assert.Equal("call_not_open", Code(ApplicationRules.Submit(Draft(), Call, true, Applicant, Call.OpensAt.AddSeconds(-1))));

    [Fact]
    public void Submission_needs_the_declaration_and_the_seal_scan()
    {
        var now = Deadline.AddDays(-1);
        Assert.Equal("declaration_required", Code(ApplicationRules.Submit(Draft(), Call, false, Applicant, now)));
        Assert.Equal("seal_scan_missing", Code(ApplicationRules.Submit(Draft(sealed_: false), Call, true, Applicant, now)));
        var error = ApplicationRules.Submit(Draft(sealed_: false), Call, true, Applicant, now).Error!;
        Assert.Equal(422, error.Status);
    }

    [Fact]
    public void A_submitted_application_cannot_be_edited_resealed_or_submitted_again()
    {
        var now = Deadline.AddDays(-1);
        var submitted = Draft().Apply(new ApplicationSubmitted(Guid.Empty, "x", Applicant, now));
        var a = submitted;
        Assert.Equal("invalid_state", Code(ApplicationRules.Edit(a, a.Kind, a.Applicant, "新", "新", Applicant, now)));
        Assert.Equal("invalid_state", Code(ApplicationRules.UploadSealScan(a, "x", 1, "image/png", Applicant, now)));
        Assert.Equal("invalid_state", Code(ApplicationRules.Submit(a, Call, true, Applicant, now)));
    }

    [Fact]
    public void A_returned_application_can_be_edited_and_submitted_again()
    {
        var now = Deadline.AddDays(-1);
        var province = Actors.Province("北京市");
        var returned = Draft().Apply(new ApplicationSubmitted(Guid.Empty, "x", Applicant, now))
            .Apply(new ApplicationReturned(Guid.Empty, "请补充材料", province, now));
        Assert.Equal(ApplicationStatus.Returned, returned.Status);
        Assert.Null(Code(ApplicationRules.Edit(returned, returned.Kind, returned.Applicant, "补充", "补充", Applicant, now)));
        Assert.Null(Code(ApplicationRules.Submit(returned, Call, true, Applicant, now)));
    }

    [Fact]
    public void Only_a_submitted_application_is_recommended_and_only_a_recommended_one_designated()
    {
        var now = Deadline.AddDays(1);
        var province = Actors.Province("北京市");
        Assert.Equal("invalid_state", Code(ApplicationRules.Recommend(Draft(), RecommendationDecision.Recommend, null, province, now)));
        var submitted = Draft().Apply(new ApplicationSubmitted(Guid.Empty, "x", Applicant, now));
        Assert.Equal("invalid_state", Code(ApplicationRules.Designate(submitted, Call, DesignationDecision.Designate, null, Guid.NewGuid(), Actors.Centre, now)));
        var recommended = submitted.Apply(new ApplicationRecommended(submitted.Id, null, province, now));
        var pilotId = Guid.NewGuid();
        var designated = Assert.IsType<ApplicationDesignated>(Assert.Single(
            ApplicationRules.Designate(recommended, Call, DesignationDecision.Designate, "命名", pilotId, Actors.Centre, now).Events));
        Assert.Equal((pilotId, 2022, "北京市"), (designated.PilotId, designated.Year, designated.Province));
    }

    [Fact]
    public void The_quota_ledger_refuses_a_place_beyond_the_quota_and_counts_each_city_once()
    {
        var now = Deadline;
        var ledger = CityQuotaLedger.Create(new CityQuotaLedgerOpened(Guid.NewGuid(), Call.Id, "广东省", Actor.System, now));
        var cities = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var city in cities[..5])
        {
            var decision = CityQuotaLedger.Count(ledger, city, 5, Actors.Province("广东省"), now);
            ledger = ledger.Apply(Assert.IsType<CityRecommendationCounted>(Assert.Single(decision.Events)));
        }
        Assert.Empty(CityQuotaLedger.Count(ledger, cities[0], 5, Actors.Province("广东省"), now).Events);
        var sixth = CityQuotaLedger.Count(ledger, cities[5], 5, Actors.Province("广东省"), now).Error!;
        Assert.Equal((409, "quota_exceeded"), (sixth.Status, sixth.Code));
    }

    [Fact]
    public void A_ledger_id_is_the_same_for_the_same_call_and_province_and_differs_otherwise()
    {
        var call = Guid.NewGuid();
        var id = CityQuotaLedger.IdFor(call, "广东省");
        Assert.Equal(id, CityQuotaLedger.IdFor(call, "广东省"));
        Assert.NotEqual(id, CityQuotaLedger.IdFor(call, "广西壮族自治区"));
        Assert.NotEqual(id, CityQuotaLedger.IdFor(Guid.NewGuid(), "广东省"));
        Assert.Equal(5, id.Version);
    }

    [Theory]
    [InlineData("application/pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, true)]
    [InlineData("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, true)]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, true)]
    [InlineData("application/pdf", new byte[] { 0x68, 0x65, 0x6C, 0x6C, 0x6F }, false)]
    [InlineData("image/png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, false)]
    [InlineData("image/jpeg", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, false)]
    [InlineData("text/plain", new byte[] { 0x68 }, false)]
    public void A_seal_scan_is_recognised_by_its_own_first_bytes(string contentType, byte[] content, bool matches) =>
        Assert.Equal(matches, SealScanFormat.Matches(contentType, content));

    [Fact]
    public void A_province_sees_only_its_province_and_a_unit_only_its_own_applications()
    {
        var a = Draft();
        Assert.True(a.IsVisibleTo(Actors.Province("北京市")));
        Assert.False(a.IsVisibleTo(Actors.Province("上海市")));
        Assert.True(a.IsVisibleTo(Applicant));
        Assert.False(a.IsVisibleTo(Actors.Unit(Guid.NewGuid())));
        Assert.True(a.IsVisibleTo(Actors.Centre));
        Assert.False(a.IsVisibleTo(Actors.Reader));
        Assert.False(a.IsEditableBy(Actors.Operator));
    }
}
