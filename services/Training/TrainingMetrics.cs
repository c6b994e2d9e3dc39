using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Training.Domain;
using Kechuang.Training.ReadModels;
using static Kechuang.BuildingBlocks.Persistence.EventCount;

namespace Kechuang.Training;

/// <summary>Business events of the training service, counted from what each session committed.</summary>
public static class TrainingMetrics
{
    public const string Name = "Kechuang.Training";

    internal static readonly CommittedEventMetrics Listener = new CommittedEventMetrics(Name)
        .Counter("kechuang.training.enrolments", "{enrolment}", "Enrolments the seat ledger accepted, by outcome (enrolled or waitlisted).",
            On<TeacherEnrolled>(_ => Tagged("outcome", ApiEnum.Name(EnrolmentStatus.Enrolled))),
            On<TeacherWaitlisted>(_ => Tagged("outcome", ApiEnum.Name(EnrolmentStatus.Waitlisted))))
        .Counter("kechuang.training.promotions", "{enrolment}", "Waitlisted enrolments promoted to a freed seat.",
            On<EnrolmentPromoted>())
        .Counter("kechuang.training.completions", "{enrolment}", "Courses completed by teachers, by rural school.",
            On<EnrolmentCompleted>(e => Tagged("rural", e.School.Rural)))
        .Counter("kechuang.training.certificates_issued", "{certificate}", "Certificates issued, by kind.",
            On<EnrolmentCompleted>(_ => Tagged("kind", ApiEnum.Name(CertificateKind.CourseCompletion))),
            On<CandidateCertified>(_ => Tagged("kind", ApiEnum.Name(CertificateKind.TutorCertification))));

    private static KeyValuePair<string, object?>[] Tagged(string name, object? value) => [new(name, value)];
}
