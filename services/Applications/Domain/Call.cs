using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Applications.Domain;

/// <summary>申报批次: the national centre opens a call for pilot units and/or pilot cities.</summary>
public sealed record CallOpened(
    Guid CallId, string Title, int Year, IReadOnlyList<PilotKind> Kinds, DateTimeOffset OpensAt,
    DateTimeOffset Deadline, int CityQuotaPerProvince, Actor By, DateTimeOffset At) : IDomainEvent;

public enum CallStatus
{
    Scheduled,
    Open,
    Closed,
}

public sealed record Call(
    Guid Id, string Title, int Year, IReadOnlyList<PilotKind> Kinds, DateTimeOffset OpensAt,
    DateTimeOffset Deadline, int CityQuotaPerProvince, DateTimeOffset OpenedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Call Create(CallOpened e) =>
        new(e.CallId, e.Title, e.Year, e.Kinds, e.OpensAt, e.Deadline, e.CityQuotaPerProvince, e.At);

    /// <summary>Open from <see cref="OpensAt"/> up to and including the <see cref="Deadline"/> instant.</summary>
    public CallStatus StatusAt(DateTimeOffset now) =>
        now < OpensAt ? CallStatus.Scheduled : now <= Deadline ? CallStatus.Open : CallStatus.Closed;
}
