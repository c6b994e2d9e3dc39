using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Training.Domain;
using Kechuang.Training.ReadModels;

namespace Kechuang.Training;

/// <summary>Business events of the training service, counted from what each session committed.</summary>
public static class TrainingMetrics
{
    public const string Name = "Kechuang.Training";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Enrolments = Meter.CreateCounter<long>(
        "kechuang.training.enrolments", "{enrolment}", "Enrolments the seat ledger accepted, by outcome (enrolled or waitlisted).");

    public static readonly Counter<long> Promotions = Meter.CreateCounter<long>(
        "kechuang.training.promotions", "{enrolment}", "Waitlisted enrolments promoted to a freed seat.");

    public static readonly Counter<long> Completions = Meter.CreateCounter<long>(
        "kechuang.training.completions", "{enrolment}", "Courses completed by teachers, by rural school.");

    public static readonly Counter<long> CertificatesIssued = Meter.CreateCounter<long>(
        "kechuang.training.certificates_issued", "{certificate}", "Certificates issued, by kind.");

    internal sealed class Listener : CommittedEventMetrics
    {
        protected override void Count(object data)
        {
            switch (data)
            {
                case TeacherEnrolled:
                    Enrolments.Add(1, Tag("outcome", ApiEnum.Name(EnrolmentStatus.Enrolled)));
                    break;
                case TeacherWaitlisted:
                    Enrolments.Add(1, Tag("outcome", ApiEnum.Name(EnrolmentStatus.Waitlisted)));
                    break;
                case EnrolmentPromoted:
                    Promotions.Add(1);
                    break;
                case EnrolmentCompleted e:
                    Completions.Add(1, Tag("rural", e.School.Rural));
                    CertificatesIssued.Add(1, Tag("kind", ApiEnum.Name(CertificateKind.CourseCompletion)));
                    break;
                case CandidateCertified:
                    CertificatesIssued.Add(1, Tag("kind", ApiEnum.Name(CertificateKind.TutorCertification)));
                    break;
            }
        }
    }
}
