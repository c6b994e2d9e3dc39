using System.Text.Json.Serialization;
using JasperFx;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Text;

namespace Kechuang.Experts.Domain;

/// <summary>Who the volunteer is (大手拉小手 科技志愿服务团).</summary>
public enum ExpertCategory
{
    UniversityTeacher,
    Researcher,
    GraduateStudent,
    Engineer,
    Academician,
    Other,
}

public enum ExpertStatus
{
    PendingVetting,
    Approved,
    Rejected,
}

public enum VettingDecision
{
    Approve,
    Reject,
}

/// <summary>An expert joined the pool. Carries contact details: its history is shown only to those who see them.</summary>
public sealed record ExpertRegistered(
    Guid ExpertId, string Name, string Affiliation, string Title, ExpertCategory Category,
    IReadOnlyList<string> Disciplines, IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces,
    string Phone, string Email, string? Bio, int MaxVisitsPerMonth, bool Trainer, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// The centre or a province vetted the expert. It carries the profile as it was vetted, which is
/// what the Training service's trainer pool (教师培训资源专家库) is built from.
/// </summary>
public sealed record ExpertVetted(
    Guid ExpertId, VettingDecision Decision, string? Comment, string Name, string Affiliation, bool Trainer,
    IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The expert's availability slots were replaced.</summary>
public sealed record AvailabilitySet(Guid ExpertId, IReadOnlyList<TimeSlot> Slots, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Vetting(VettingDecision Decision, string? Comment, Actor By, DateTimeOffset At);

public sealed record Expert(
    Guid Id, string Name, string Affiliation, string Title, ExpertCategory Category,
    IReadOnlyList<string> Disciplines, IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces,
    string Phone, string Email, string? Bio, int MaxVisitsPerMonth, bool Trainer, ExpertStatus Status,
    Vetting? Vetting, IReadOnlyList<TimeSlot> Availability, DateTimeOffset RegisteredAt) : ILongVersioned, ISearchable
{
    public long Version { get; set; }

    /// <summary>The name and the affiliation folded, a line each: what the pool's <c>?q=</c> finds a part of.</summary>
    public string FoldedText => $"{SearchText.Fold(Name)}\n{SearchText.Fold(Affiliation)}";

    [JsonIgnore]
    public string[] SearchGrams => SearchText.Grams(FoldedText.Split('\n'));

    public static Expert Create(ExpertRegistered e) =>
        new(e.ExpertId, e.Name, e.Affiliation, e.Title, e.Category, e.Disciplines, e.Topics, e.Provinces, e.Phone,
            e.Email, e.Bio, e.MaxVisitsPerMonth, e.Trainer, ExpertStatus.PendingVetting, null, [], e.At);

    public Expert Apply(ExpertVetted e) => this with
    {
        Status = e.Decision == VettingDecision.Approve ? ExpertStatus.Approved : ExpertStatus.Rejected,
        Vetting = new Vetting(e.Decision, e.Comment, e.By, e.At),
    };

    public Expert Apply(AvailabilitySet e) => this with { Availability = e.Slots };

    public bool Serves(string province) => Provinces.Contains(province, StringComparer.Ordinal);

    public bool Covers(string topic) => Topics.Contains(topic, StringComparer.Ordinal);
}
