using Kechuang.TestKit;
using Kechuang.Training.Domain;
using Kechuang.Training.ReadModels;
using Xunit;
using static Kechuang.TestKit.WireNames;

namespace Kechuang.Training.Tests;

/// <summary>The enums' text as API.md spells it (query filters, bodies, events), and the answer to an unknown one.</summary>
public sealed class WireNamesTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private static readonly string[] Areas = ["frontier-science", "scientific-method", "innovation", "science-spirit", "activity-guidance"];

    [Fact]
    public void Course_areas_modes_and_statuses_are_spelled_as_the_contract_spells_them()
    {
        AreExactly(
            (CourseArea.FrontierScience, Areas[0]), (CourseArea.ScientificMethod, Areas[1]), (CourseArea.Innovation, Areas[2]),
            (CourseArea.ScienceSpirit, Areas[3]), (CourseArea.ActivityGuidance, Areas[4]));
        AreExactly((CourseMode.Online, "online"), (CourseMode.Offline, "offline"));
        AreExactly((CourseStatus.Scheduled, "scheduled"), (CourseStatus.Open, "open"));
    }

    [Fact]
    public void Base_kinds_and_enrolment_statuses_are_spelled_as_the_contract_spells_them()
    {
        AreExactly(
            (BaseKind.University, "university"), (BaseKind.ScienceVenue, "science-venue"), (BaseKind.Enterprise, "enterprise"),
            (BaseKind.School, "school"), (BaseKind.Other, "other"));
        AreExactly(
            (EnrolmentStatus.Enrolled, "enrolled"), (EnrolmentStatus.Waitlisted, "waitlisted"),
            (EnrolmentStatus.Cancelled, "cancelled"), (EnrolmentStatus.Completed, "completed"));
    }

    [Fact]
    public void Certification_levels_parts_statuses_and_decisions_are_spelled_as_the_contract_spells_them()
    {
        AreExactly((CertificationLevel.Primary, "primary"), (CertificationLevel.Intermediate, "intermediate"), (CertificationLevel.Senior, "senior"));
        AreExactly((AssessmentPart.Written, "written"), (AssessmentPart.Portfolio, "portfolio"), (AssessmentPart.Defence, "defence"));
        AreExactly((CertificationStatus.Assessing, "assessing"), (CertificationStatus.Certified, "certified"), (CertificationStatus.Refused, "refused"));
        AreExactly((CertificationDecision.Certify, "certify"), (CertificationDecision.Refuse, "refuse"));
        AreExactly((CertificateKind.CourseCompletion, "course-completion"), (CertificateKind.TutorCertification, "tutor-certification"));
    }

    [Fact]
    public async Task Unknown_filter_values_are_a_400_naming_each_field()
    {
        var centre = service.ClientFor(Actors.Centre);
        await AssertRefusedAsync(centre, "/api/v1/courses?status=closed&area=cooking&mode=hybrid&rural=often&baseId=7",
            ("status", OneOf("scheduled", "open")), ("area", OneOf(Areas)), ("mode", OneOf("online", "offline")),
            ("rural", "must be true or false."), ("baseId", "must be a UUID."));
        await AssertRefusedAsync(centre, "/api/v1/certifications?status=pending&level=expert",
            ("status", OneOf("assessing", "certified", "refused")), ("level", OneOf("primary", "intermediate", "senior")));
        await AssertRefusedAsync(centre, "/api/v1/training-bases?kind=castle",
            ("kind", OneOf("university", "science-venue", "enterprise", "school", "other")));
        await AssertRefusedAsync(centre, $"/api/v1/courses/{Guid.NewGuid()}/enrolments?status=Enrolled",
            ("status", OneOf("enrolled", "waitlisted", "cancelled", "completed")));
        await AssertRefusedAsync(centre, "/api/v1/trainers?province=火星",
            ("province", "is not a provincial-level division of mainland China (e.g. 北京市, 广东省)."));
    }
}
