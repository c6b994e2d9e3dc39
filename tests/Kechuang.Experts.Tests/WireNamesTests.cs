using Kechuang.Experts.Domain;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.TestKit.WireNames;

namespace Kechuang.Experts.Tests;

/// <summary>The enums' text as API.md spells it (query filters, bodies, events), and the answer to an unknown one.</summary>
public sealed class WireNamesTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    [Fact]
    public void Expert_statuses_are_spelled_as_the_contract_spells_them() =>
        AreExactly((ExpertStatus.PendingVetting, "pending-vetting"), (ExpertStatus.Approved, "approved"), (ExpertStatus.Rejected, "rejected"));

    [Fact]
    public void Vetting_decisions_are_spelled_as_the_contract_spells_them() =>
        AreExactly((VettingDecision.Approve, "approve"), (VettingDecision.Reject, "reject"));

    [Fact]
    public void Visit_statuses_and_kinds_are_spelled_as_the_contract_spells_them()
    {
        AreExactly(
            (VisitStatus.Open, "open"), (VisitStatus.Proposed, "proposed"), (VisitStatus.Confirmed, "confirmed"),
            (VisitStatus.Delivered, "delivered"), (VisitStatus.Cancelled, "cancelled"));
        AreExactly(
            (VisitKind.ScienceTalk, "science-talk"), (VisitKind.ElectiveCourse, "elective-course"),
            (VisitKind.PracticeGuidance, "practice-guidance"));
    }

    [Fact]
    public async Task Unknown_filter_values_are_a_400_naming_each_field()
    {
        var centre = service.ClientFor(Actors.Centre);
        await AssertRefusedAsync(centre, "/api/v1/experts?status=PendingVetting&trainer=maybe",
            ("status", OneOf("pending-vetting", "approved", "rejected")), ("trainer", "must be true or false."));
        await AssertRefusedAsync(centre, "/api/v1/visit-requests?status=done",
            ("status", OneOf("open", "proposed", "confirmed", "delivered", "cancelled")));
    }
}
