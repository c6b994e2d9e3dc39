using System.Diagnostics.Metrics;

namespace Kechuang.Training;

/// <summary>Business events of the training service, counted after they were saved.</summary>
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
}
