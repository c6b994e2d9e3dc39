using Kechuang.Training.Domain;
using Marten;
using Marten.Events.Projections;

namespace Kechuang.Training.ReadModels;

/// <summary>
/// Certificates follow from the events that issue them, in the same transaction (inline). They
/// are inserted, never upserted: a code issued twice fails the write instead of replacing a
/// certificate someone already holds.
/// </summary>
public sealed partial class CertificateProjection : EventProjection
{
    public void Project(EnrolmentCompleted e, IDocumentOperations ops) =>
        ops.Insert(new Certificate(e.CertificateCode, e.TeacherName, CertificateKind.CourseCompletion, e.CourseTitle, null, e.At,
            e.EnrolmentId, true));

    public void Project(CandidateCertified e, IDocumentOperations ops) =>
        ops.Insert(new Certificate(e.CertificateCode, e.HolderName, CertificateKind.TutorCertification, e.Title, e.Level, e.At,
            e.CertificationId, true));
}
