using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

/// <summary>The ledger's event and the new enrolment's first event, appended in one transaction.</summary>
public sealed record Admission(object LedgerEvent, object EnrolmentEvent, EnrolmentStatus Status);

/// <summary>What a cancellation appends: to the ledger, to the cancelled enrolment, and to the promoted one if any.</summary>
public sealed record Release(IReadOnlyList<object> LedgerEvents, EnrolmentCancelled Cancelled, EnrolmentPromoted? Promoted);

/// <summary>Enrolment with capacity and a first-come waitlist; attendance and completion.</summary>
public static class EnrolmentRules
{
    public const string EnrolmentClosed = "enrolment_closed";
    public const string AlreadyEnrolled = "already_enrolled";
    public const string AttendanceInsufficient = "attendance_insufficient";
    public const string SessionNotStarted = "session_not_started";
    public const string CourseNotFinished = "course_not_finished";

    /// <summary>
    /// A seat while the course has one, otherwise a place at the end of the waitlist; only in a
    /// published course, up to its deadline, and once per teacher (same phone or e-mail) while the
    /// earlier enrolment is active.
    /// </summary>
    public static Ruling<Admission> Admit(
        Course course, SeatLedger ledger, Guid enrolmentId, Teacher teacher, Actor by, DateTimeOffset now)
    {
        if (course.Status != CourseStatus.Open)
            return DomainError.InvalidState("The course is not open for enrolment: it has not been published.");
        if (now > course.EnrolmentDeadline)
            return DomainError.Rule(EnrolmentClosed, "Enrolment in this course has closed.",
                $"The enrolment deadline was {course.EnrolmentDeadline:O}.");
        if (ledger.HeldBy(teacher) is not null)
            return DomainError.Conflict(AlreadyEnrolled, "This teacher is already enrolled in the course.",
                "An active enrolment (enrolled or waitlisted) in this course has the same phone or e-mail.");

        var arrival = ledger.Arrivals + 1;
        return ledger.HasFreeSeat
            ? new Admission(
                new SeatTaken(ledger.Id, enrolmentId, teacher.PhoneKey, teacher.EmailKey, arrival, by, now),
                new TeacherEnrolled(enrolmentId, course.Id, teacher, arrival, by, now),
                EnrolmentStatus.Enrolled)
            : new Admission(
                new WaitlistJoined(ledger.Id, enrolmentId, teacher.PhoneKey, teacher.EmailKey, arrival, by, now),
                new TeacherWaitlisted(enrolmentId, course.Id, teacher, arrival, by, now),
                EnrolmentStatus.Waitlisted);
    }

    /// <summary>A cancelled seat goes to the first waitlisted enrolment; a cancelled wait just leaves the line.</summary>
    public static Ruling<Release> Cancel(Enrolment enrolment, SeatLedger ledger, string? reason, Actor by, DateTimeOffset now)
    {
        var cancelled = new EnrolmentCancelled(enrolment.Id, reason, by, now);
        switch (enrolment.Status)
        {
            case EnrolmentStatus.Waitlisted:
                return new Release([new WaitlistLeft(ledger.Id, enrolment.Id, by, now)], cancelled, null);
            case EnrolmentStatus.Enrolled:
                var released = new SeatReleased(ledger.Id, enrolment.Id, by, now);
                if (ledger.Waitlist.FirstOrDefault() is not { } next) return new Release([released], cancelled, null);
                return new Release(
                    [released, new WaitlistPromoted(ledger.Id, next.EnrolmentId, by, now)],
                    cancelled,
                    new EnrolmentPromoted(next.EnrolmentId, by, now));
            default:
                return DomainError.InvalidState($"The enrolment is {Name(enrolment.Status)}; only enrolled or waitlisted ones can be cancelled.");
        }
    }

    /// <summary>
    /// Attendance is kept for enrolled teachers, for a session that has started (its start instant
    /// itself counts); recording a session again corrects it.
    /// </summary>
    public static Decision Attend(Enrolment enrolment, Course course, int session, bool present, Actor by, DateTimeOffset now)
    {
        if (enrolment.Status != EnrolmentStatus.Enrolled)
            return DomainError.InvalidState($"The enrolment is {Name(enrolment.Status)}; attendance is kept for enrolled teachers only.");
        if (course.Sessions[session].Start > now)
            return DomainError.Rule(SessionNotStarted, "Attendance is recorded only for a session that has started.",
                $"Session {session} starts at {course.Sessions[session].Start:O}.");
        return Decision.Of(new AttendanceRecorded(enrolment.Id, session, present, by, now));
    }

    /// <summary>
    /// Completion comes once the last session has started (so no certificate is valid before the
    /// course has taken place), needs attendance at <see cref="Course.RequiredSessions"/> sessions at
    /// least (by default 80 % of them, rounded up), and issues the certificate <paramref name="certificateCode"/>.
    /// </summary>
    public static Decision Complete(Enrolment enrolment, Course course, string certificateCode, Actor by, DateTimeOffset now)
    {
        if (enrolment.Status != EnrolmentStatus.Enrolled)
            return DomainError.InvalidState($"The enrolment is {Name(enrolment.Status)}; only enrolled teachers complete a course.");
        if (course.Sessions[^1].Start > now)
            return DomainError.Rule(CourseNotFinished, "A course is completed only once its last session has started.",
                $"The last session starts at {course.Sessions[^1].Start:O}.");
        var attended = enrolment.Attendance.Count(a => a.Present && a.Session < course.Sessions.Count);
        if (attended < course.RequiredSessions)
            return DomainError.Rule(AttendanceInsufficient, "The teacher has not attended enough sessions to complete the course.",
                $"Attended {attended} of {course.Sessions.Count} sessions; {course.RequiredSessions} are required.");
        var t = enrolment.Teacher;
        return Decision.Of(new EnrolmentCompleted(
            enrolment.Id, course.Id, course.Title, course.Rural, t.Name,
            new TeacherSchool(t.School, t.Province, t.City, t.County, t.Rural), attended, certificateCode, by, now));
    }

    private static string Name(EnrolmentStatus status) => ApiEnum.Name(status);
}
