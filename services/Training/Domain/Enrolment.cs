using System.Text.Json.Serialization;
using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

public enum EnrolmentStatus
{
    Enrolled,
    Waitlisted,
    Cancelled,
    Completed,
}

public sealed record TeacherEnrolled(
    Guid EnrolmentId, Guid CourseId, Teacher Teacher, int Arrival, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record TeacherWaitlisted(
    Guid EnrolmentId, Guid CourseId, Teacher Teacher, int Arrival, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>A seat freed up and this enrolment was first on the waitlist.</summary>
public sealed record EnrolmentPromoted(Guid EnrolmentId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record EnrolmentCancelled(Guid EnrolmentId, string? Reason, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record AttendanceRecorded(Guid EnrolmentId, int Session, bool Present, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The school as the completion reports it (Outreach counts rural teachers trained by it).</summary>
public sealed record TeacherSchool(string Name, string Province, string City, string County, bool Rural);

/// <summary>
/// The teacher completed the course and was issued <see cref="CertificateCode"/>. It carries what
/// the certificate and the <c>TrainingCompleted</c> integration event say, so both follow from it alone.
/// </summary>
public sealed record EnrolmentCompleted(
    Guid EnrolmentId, Guid CourseId, string CourseTitle, bool RuralCourse, string TeacherName, TeacherSchool School,
    int SessionsAttended, string CertificateCode, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record SessionAttendance(int Session, bool Present);

/// <summary>One teacher's place in one course: enrolled or waitlisted, then cancelled or completed.</summary>
public sealed record Enrolment(
    Guid Id, Guid CourseId, Teacher Teacher, EnrolmentStatus Status, int Arrival, Actor EnrolledBy, DateTimeOffset RequestedAt,
    IReadOnlyList<SessionAttendance> Attendance, string? CertificateCode, DateTimeOffset? CompletedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Enrolment Create(TeacherEnrolled e) =>
        new(e.EnrolmentId, e.CourseId, e.Teacher, EnrolmentStatus.Enrolled, e.Arrival, e.By, e.At, [], null, null);

    public static Enrolment Create(TeacherWaitlisted e) =>
        new(e.EnrolmentId, e.CourseId, e.Teacher, EnrolmentStatus.Waitlisted, e.Arrival, e.By, e.At, [], null, null);

    public Enrolment Apply(EnrolmentPromoted _) => this with { Status = EnrolmentStatus.Enrolled };

    public Enrolment Apply(EnrolmentCancelled _) => this with { Status = EnrolmentStatus.Cancelled };

    public Enrolment Apply(AttendanceRecorded e) => this with
    {
        Attendance = Attendance.Where(a => a.Session != e.Session).Append(new SessionAttendance(e.Session, e.Present))
            .OrderBy(a => a.Session).ToList(),
    };

    public Enrolment Apply(EnrolmentCompleted e) => this with
    {
        Status = EnrolmentStatus.Completed, CertificateCode = e.CertificateCode, CompletedAt = e.At,
    };

    [JsonIgnore]
    public int SessionsAttended => Attendance.Count(a => a.Present);
}
