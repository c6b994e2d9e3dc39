using Kechuang.Training.Domain;
using Xunit;
using static Kechuang.Training.Tests.Domain.RuleFixtures;

namespace Kechuang.Training.Tests.Domain;

public sealed class EnrolmentRulesTests
{
    [Fact]
    public void Teachers_get_seats_until_the_course_is_full_then_wait_in_arrival_order()
    {
        var course = OpenCourse(capacity: 2);
        var ledger = LedgerOf(course);
        var enrolments = new List<Enrolment>();
        for (var i = 0; i < 4; i++)
        {
            (ledger, var enrolment) = Admit(course, ledger, Teacher($"1380013800{i}", $"t{i}@example.cn"));
            enrolments.Add(enrolment);
        }

        Assert.Equal([EnrolmentStatus.Enrolled, EnrolmentStatus.Enrolled, EnrolmentStatus.Waitlisted, EnrolmentStatus.Waitlisted],
            enrolments.Select(e => e.Status));
        Assert.Equal([1, 2, 3, 4], enrolments.Select(e => e.Arrival));
        Assert.Equal(2, ledger.Seated);
        Assert.Equal(1, ledger.WaitlistPosition(enrolments[2].Id));
        Assert.Equal(2, ledger.WaitlistPosition(enrolments[3].Id));
        Assert.Null(ledger.WaitlistPosition(enrolments[0].Id));
    }

    [Theory]
    [InlineData("13800138000", "other@example.cn")]
    [InlineData("13900139000", " LI@Example.CN ")]
    public void The_same_teacher_by_phone_or_email_cannot_enrol_twice(string phone, string email)
    {
        var course = OpenCourse();
        var (ledger, _) = Admit(course, LedgerOf(course), Teacher("13800138000", "li@example.cn"));

        var again = EnrolmentRules.Admit(course, ledger, Guid.NewGuid(), Teacher(phone, email), Staff, Now);

        Assert.Equal(EnrolmentRules.AlreadyEnrolled, again.Error?.Code);
        Assert.Equal(409, again.Error?.Status);
    }

    [Fact]
    public void No_enrolment_after_the_deadline_but_the_deadline_itself_still_counts()
    {
        var course = OpenCourse();
        var ledger = LedgerOf(course);
        Assert.Null(EnrolmentRules.Admit(course, ledger, Guid.NewGuid(), Teacher(), Staff, course.EnrolmentDeadline).Error);
        var late = EnrolmentRules.Admit(course, ledger, Guid.NewGuid(), Teacher(), Staff, course.EnrolmentDeadline.AddSeconds(1));
        Assert.Equal((422, EnrolmentRules.EnrolmentClosed), (late.Error?.Status, late.Error?.Code));
    }

    [Fact]
    public void No_enrolment_in_a_course_that_is_not_published()
    {
        var course = OpenCourse() with { Status = CourseStatus.Scheduled };
        var error = EnrolmentRules.Admit(course, LedgerOf(course), Guid.NewGuid(), Teacher(), Staff, Now).Error;
        Assert.Equal((409, "invalid_state"), (error?.Status, error?.Code));
    }

    [Fact]
    public void Cancelling_a_seat_promotes_the_first_waitlisted_only()
    {
        var course = OpenCourse(capacity: 1);
        var (ledger, seated) = Admit(course, LedgerOf(course), Teacher("13800000001", "a@example.cn"));
        (ledger, var first) = Admit(course, ledger, Teacher("13800000002", "b@example.cn"));
        (ledger, _) = Admit(course, ledger, Teacher("13800000003", "c@example.cn"));

        var release = EnrolmentRules.Cancel(seated, ledger, "生病", Staff, Now).Value!;

        Assert.Equal(first.Id, release.Promoted?.EnrolmentId);
        Assert.Equal(2, release.LedgerEvents.Count);
        Assert.IsType<SeatReleased>(release.LedgerEvents[0]);
        Assert.Equal(first.Id, Assert.IsType<WaitlistPromoted>(release.LedgerEvents[1]).EnrolmentId);
    }

    [Fact]
    public void Cancelling_a_wait_promotes_no_one_and_frees_the_teacher_to_enrol_again()
    {
        var course = OpenCourse(capacity: 1);
        var (ledger, _) = Admit(course, LedgerOf(course), Teacher("13800000001", "a@example.cn"));
        (ledger, var waiting) = Admit(course, ledger, Teacher("13800000002", "b@example.cn"));

        var release = EnrolmentRules.Cancel(waiting, ledger, null, Staff, Now).Value!;
        Assert.Null(release.Promoted);
        ledger = ledger.Apply(Assert.IsType<WaitlistLeft>(Assert.Single(release.LedgerEvents)));

        Assert.Null(EnrolmentRules.Admit(course, ledger, Guid.NewGuid(), Teacher("13800000002", "b@example.cn"), Staff, Now).Error);
    }

    [Fact]
    public void Cancelled_or_completed_enrolments_cannot_be_cancelled()
    {
        var course = OpenCourse();
        var (ledger, enrolment) = Admit(course, LedgerOf(course), Teacher());
        foreach (var status in new[] { EnrolmentStatus.Cancelled, EnrolmentStatus.Completed })
            Assert.Equal("invalid_state", EnrolmentRules.Cancel(enrolment with { Status = status }, ledger, null, Staff, Now).Error?.Code);
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(4, 4)]
    [InlineData(3, 3)]
    [InlineData(10, 8)]
    [InlineData(1, 1)]
    public void By_default_a_teacher_must_attend_80_percent_of_the_sessions_rounded_up(int sessions, int required) =>
        Assert.Equal(required, Course.DefaultRequiredSessions(sessions));

    [Fact]
    public void Completion_needs_the_required_sessions_and_carries_the_certificate_code()
    {
        var course = OpenCourse(sessions: 5);
        var (_, enrolment) = Admit(course, LedgerOf(course), Teacher());
        for (var s = 0; s < 3; s++) enrolment = enrolment.Apply(new AttendanceRecorded(enrolment.Id, s, true, Staff, Now));
        enrolment = enrolment.Apply(new AttendanceRecorded(enrolment.Id, 3, false, Staff, Now));

        var afterwards = course.Sessions[^1].End;
        var early = EnrolmentRules.Complete(enrolment, course, "KC-CODE", Staff, afterwards);
        Assert.Equal((422, EnrolmentRules.AttendanceInsufficient), (early.Error?.Status, early.Error?.Code));

        enrolment = enrolment.Apply(new AttendanceRecorded(enrolment.Id, 3, true, Staff, Now));
        var completed = Assert.IsType<EnrolmentCompleted>(Assert.Single(
            EnrolmentRules.Complete(enrolment, course, "KC-CODE", Staff, afterwards).Events));
        Assert.Equal(("KC-CODE", 4, true), (completed.CertificateCode, completed.SessionsAttended, completed.School.Rural));
    }

    [Fact]
    public void Attendance_recorded_again_for_a_session_replaces_the_earlier_record()
    {
        var course = OpenCourse();
        var (_, enrolment) = Admit(course, LedgerOf(course), Teacher());
        enrolment = enrolment.Apply(new AttendanceRecorded(enrolment.Id, 0, true, Staff, Now))
            .Apply(new AttendanceRecorded(enrolment.Id, 0, false, Staff, Now));
        Assert.Equal(0, enrolment.SessionsAttended);
        Assert.Single(enrolment.Attendance);
    }

    [Fact]
    public void Waitlisted_teachers_have_no_attendance_and_cannot_complete()
    {
        var course = OpenCourse(capacity: 1);
        var (ledger, _) = Admit(course, LedgerOf(course), Teacher("13800000001", "a@example.cn"));
        var (_, waiting) = Admit(course, ledger, Teacher("13800000002", "b@example.cn"));
        Assert.Equal("invalid_state", EnrolmentRules.Attend(waiting, course, 0, true, Staff, course.Sessions[0].Start).Error?.Code);
        Assert.Equal("invalid_state", EnrolmentRules.Complete(waiting, course, "KC-X", Staff, course.Sessions[^1].Start).Error?.Code);
    }

    [Fact]
    public void Attendance_is_recorded_from_the_instant_its_session_starts()
    {
        var course = OpenCourse(sessions: 3);
        var (_, enrolment) = Admit(course, LedgerOf(course), Teacher());
        var start = course.Sessions[1].Start;
        var early = EnrolmentRules.Attend(enrolment, course, 1, true, Staff, start.AddTicks(-1)).Error;
        Assert.Equal((422, EnrolmentRules.SessionNotStarted), (early?.Status, early?.Code));
        Assert.Null(EnrolmentRules.Attend(enrolment, course, 1, true, Staff, start).Error);
        Assert.Equal(EnrolmentRules.SessionNotStarted, EnrolmentRules.Attend(enrolment, course, 2, true, Staff, start).Error?.Code);
    }

    [Fact]
    public void A_course_is_completed_only_once_its_last_session_has_started()
    {
        var course = OpenCourse(sessions: 2, required: 1);
        var (_, enrolment) = Admit(course, LedgerOf(course), Teacher());
        enrolment = enrolment.Apply(new AttendanceRecorded(enrolment.Id, 0, true, Staff, course.Sessions[0].Start));
        var last = course.Sessions[^1].Start;
        var early = EnrolmentRules.Complete(enrolment, course, "KC-X", Staff, last.AddTicks(-1)).Error;
        Assert.Equal((422, EnrolmentRules.CourseNotFinished), (early?.Status, early?.Code));
        Assert.Null(EnrolmentRules.Complete(enrolment, course, "KC-X", Staff, last).Error);
    }

    [Fact]
    public void The_seat_ledger_id_is_derived_from_the_course_and_differs_from_it()
    {
        var course = Guid.NewGuid();
        Assert.Equal(SeatLedger.IdFor(course), SeatLedger.IdFor(course));
        Assert.NotEqual(course, SeatLedger.IdFor(course));
        Assert.NotEqual(SeatLedger.IdFor(course), SeatLedger.IdFor(Guid.NewGuid()));
    }
}
