using Kechuang.Training.Domain;

namespace Kechuang.Training.ReadModels;

public enum CertificateKind
{
    /// <summary>结业证书: a teacher completed a course.</summary>
    CourseCompletion,

    /// <summary>科技辅导教师专业水平认证证书: a tutor was certified at a level.</summary>
    TutorCertification,
}

/// <summary>
/// An issued certificate, keyed by its public verification code. <see cref="SourceId"/> is the
/// enrolment or certification that issued it.
/// </summary>
public sealed record Certificate(
    string Id, string Holder, CertificateKind Kind, string Title, CertificationLevel? Level, DateTimeOffset IssuedAt,
    Guid SourceId, bool Valid);
