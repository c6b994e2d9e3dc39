using Kechuang.Applications.Domain;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.TestKit.WireNames;

namespace Kechuang.Applications.Tests;

/// <summary>The enums' text as API.md spells it (query filters, bodies, events), and the answer to an unknown one.</summary>
public sealed class WireNamesTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    [Fact]
    public void Pilot_kinds_are_spelled_as_the_contract_spells_them() =>
        AreExactly((PilotKind.PilotUnit, "pilot-unit"), (PilotKind.PilotCity, "pilot-city"));

    [Fact]
    public void Application_statuses_are_spelled_as_the_contract_spells_them() =>
        AreExactly(
            (ApplicationStatus.Draft, "draft"), (ApplicationStatus.Submitted, "submitted"),
            (ApplicationStatus.Recommended, "recommended"), (ApplicationStatus.Returned, "returned"),
            (ApplicationStatus.NotRecommended, "not-recommended"), (ApplicationStatus.Designated, "designated"),
            (ApplicationStatus.Declined, "declined"));

    [Fact]
    public void Applicant_types_are_spelled_as_the_contract_spells_them() =>
        AreExactly(
            (ApplicantType.PrimarySchool, "primary-school"), (ApplicantType.SecondarySchool, "secondary-school"),
            (ApplicantType.ScienceMuseum, "science-museum"), (ApplicantType.TrainingInstitution, "training-institution"),
            (ApplicantType.ScienceEducationBase, "science-education-base"), (ApplicantType.CityAssociation, "city-association"),
            (ApplicantType.Other, "other"));

    [Fact]
    public void Recommendation_and_designation_decisions_are_spelled_as_the_contract_spells_them()
    {
        AreExactly(
            (RecommendationDecision.Recommend, "recommend"), (RecommendationDecision.Return, "return"),
            (RecommendationDecision.NotRecommend, "not-recommend"));
        AreExactly((DesignationDecision.Designate, "designate"), (DesignationDecision.Decline, "decline"));
    }

    [Fact]
    public void Experience_report_statuses_are_spelled_as_the_contract_spells_them() =>
        AreExactly((ExperienceReportStatus.Submitted, "submitted"), (ExperienceReportStatus.Published, "published"));

    [Fact]
    public async Task Unknown_filter_values_are_a_400_naming_each_field()
    {
        var centre = service.ClientFor(Actors.Centre);
        await AssertRefusedAsync(centre, "/api/v1/applications?kind=pilot-town&status=lost&callId=x&province=火星",
            ("kind", OneOf("pilot-unit", "pilot-city")),
            ("status", OneOf("draft", "submitted", "recommended", "returned", "not-recommended", "designated", "declined")),
            ("callId", "must be a UUID."),
            ("province", "is not a provincial-level division of mainland China (e.g. 北京市, 广东省)."));
        await AssertRefusedAsync(service.ClientFor(null), "/api/v1/pilots?kind=PilotUnit&year=1999",
            ("kind", OneOf("pilot-unit", "pilot-city")), ("year", "must be a whole number from 2000 to 2100."));
        await AssertRefusedAsync(centre, "/api/v1/experience-reports?status=draft&pilotId=1",
            ("status", OneOf("submitted", "published")), ("pilotId", "must be a UUID."));
    }
}
