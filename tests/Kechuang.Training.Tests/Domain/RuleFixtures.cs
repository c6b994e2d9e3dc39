using Kechuang.BuildingBlocks.Domain;
using Kechuang.Training.Domain;

namespace Kechuang.Training.Tests.Domain;

internal static class RuleFixtures
{
    public static readonly DateTimeOffset Now = new(2022, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
    public static readonly Actor Staff = new("user-centre", "中心工作人员", Roles.Centre);

    public static Course OpenCourse(int capacity = 2, int sessions = 5, int? required = null)
    {
        var id = Guid.NewGuid();
        var scheduled = new CourseScheduled(id, "科学方法与探究教学", CourseArea.ScientificMethod, CourseMode.Online, null, [], capacity,
            Enumerable.Range(0, sessions).Select(i => new CourseSession(Now.AddDays(10 + i), Now.AddDays(10 + i).AddHours(2))).ToList(),
            required ?? Course.DefaultRequiredSessions(sessions), true, Now.AddDays(9), Staff, Now);
        return Course.Create(scheduled).Apply(new CoursePublished(id, Staff, Now));
    }

    public static SeatLedger LedgerOf(Course course) =>
        SeatLedger.Create(new SeatLedgerOpened(SeatLedger.IdFor(course.Id), course.Id, course.Capacity, Staff, Now));

    public static Teacher Teacher(string phone = "13800138000", string email = "li@example.cn") =>
        new("李老师", "巉口中学", "甘肃省", "定西市", "安定区", true, phone, email);

    /// <summary>Admits a teacher and applies the ledger's event, as the endpoint's transaction would.</summary>
    public static (SeatLedger Ledger, Enrolment Enrolment) Admit(Course course, SeatLedger ledger, Teacher teacher)
    {
        var admission = EnrolmentRules.Admit(course, ledger, Guid.NewGuid(), teacher, Staff, Now).Value!;
        var next = admission.LedgerEvent switch
        {
            SeatTaken e => ledger.Apply(e),
            WaitlistJoined e => ledger.Apply(e),
            _ => throw new InvalidOperationException(),
        };
        var enrolment = admission.EnrolmentEvent switch
        {
            TeacherEnrolled e => Enrolment.Create(e),
            TeacherWaitlisted e => Enrolment.Create(e),
            _ => throw new InvalidOperationException(),
        };
        return (next, enrolment);
    }
}
