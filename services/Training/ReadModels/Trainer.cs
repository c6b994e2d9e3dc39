namespace Kechuang.Training.ReadModels;

/// <summary>
/// An expert as the trainer pool (教师培训资源专家库) knows them, kept from the Experts service's
/// <c>ExpertVetted</c> events. <see cref="InPool"/>: approved and flagged as a trainer at the
/// latest vetting (<see cref="VettedAt"/>); the record stays when they leave the pool, so an
/// older vetting delivered late cannot put them back.
/// </summary>
public sealed record Trainer(
    Guid Id, string Name, string Affiliation, IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces, bool InPool,
    DateTimeOffset VettedAt);
