using Kechuang.BuildingBlocks.Http;
using Kechuang.Training.Certifications;
using Kechuang.Training.Courses;
using Kechuang.Training.Domain;
using Kechuang.Training.Enrolments;
using Kechuang.Training.TrainingBases;

namespace Kechuang.Training;

/// <summary>The example of each request body in the served document (README "Partner document"), each accepted by its validator.</summary>
public static class OpenApiExamples
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Trainers and experts a partner would have read first: the examples show the shape.</summary>
    private static readonly Guid TrainerId = Guid.Parse("6f1d3b82-4c5e-4a97-b2d0-8e3f1a6c9b54");
    private static readonly Guid OtherExpertId = Guid.Parse("a27e4c19-8d3f-4b65-9a01-5c6e2f8d3b70");

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, Beijing);

    public static readonly RequestExamples Bodies = new RequestExamples()
        .Add(new TrainingBaseEndpoints.RegisterBaseRequest("浙江省科技馆", BaseKind.ScienceVenue, "浙江省", "杭州市", "杭州市西湖区西湖文化广场2号"))
        .Add(new CourseEndpoints.ScheduleCourseRequest(
            "科技辅导员人工智能教学能力提升培训", CourseArea.FrontierScience, CourseMode.Online, null, [TrainerId], 60,
            [new CourseEndpoints.SessionRequest(At(4, 11, 9), At(4, 11, 12)), new CourseEndpoints.SessionRequest(At(4, 18, 9), At(4, 18, 12))],
            2, true, At(4, 8, 18), "浙江省"))
        .Add(new EnrolmentEndpoints.EnrolRequest(new EnrolmentEndpoints.TeacherRequest(
            "陈静", "浙江省安吉县昌硕小学", "浙江省", "湖州市", "安吉县", true, "13900139000", "chenjing@cs-school.cn")))
        .Add(new EnrolmentEndpoints.CancelRequest("与学校期中考试时间冲突。"))
        .Add(new EnrolmentEndpoints.AttendanceRequest(0, true))
        .Add(new CertificationEndpoints.RequestCertificationRequest(
            new CertificationEndpoints.CandidateRequest("陈静", "浙江省安吉县昌硕小学", "浙江省", "13900139000", "chenjing@cs-school.cn"),
            CertificationLevel.Intermediate))
        .Add(new CertificationEndpoints.AssignAssessorsRequest([TrainerId, OtherExpertId]))
        .Add(new CertificationEndpoints.AssessmentRequest(AssessmentPart.Written, 86))
        .Add(new CertificationEndpoints.DecisionRequest(CertificationDecision.Certify, "笔试、作品集与答辩均合格，认证为中级科技辅导员。"));
}
