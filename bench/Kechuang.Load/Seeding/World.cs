using System.Collections.Concurrent;
using Kechuang.Load.Http;

namespace Kechuang.Load.Seeding;

public sealed record ApplicationRef(Guid Id, string Province, Partner Owner);

public sealed record CourseRef(Guid Id, int Sessions);

public sealed record ExpertRef(Guid Id, string Province);

public sealed record AssignedVisit(Guid Id, Partner Expert);

/// <summary>
/// What the seed put into the system and what the load keeps adding: the partners' keys by role,
/// the records reads ask for, and the queues that carry a record from one write to the next
/// (a submitted application waits for its province's recommendation, an assigned visit for its
/// expert, an enrolled teacher for completion).
/// </summary>
public sealed class World
{
    public required PartnerPool Centres { get; init; }
    public required PartnerPool Readers { get; init; }
    public required Partner Operator { get; init; }

    /// <summary>One provincial association, one unit and one school per province (31 each).</summary>
    public required IReadOnlyDictionary<string, Partner> ProvinceKeys { get; init; }
    public required IReadOnlyDictionary<string, Partner> UnitKeys { get; init; }
    public required IReadOnlyDictionary<string, Partner> SchoolKeys { get; init; }

    /// <summary>Approved experts who call with their own key (accepting and delivering visits).</summary>
    public required IReadOnlyList<Partner> ExpertKeys { get; init; }

    public required Guid OpenCall { get; init; }
    public required IReadOnlyList<ApplicationRef> Applications { get; init; }
    /// <summary>Approved experts and the province each serves (a school sees only the experts serving its province).</summary>
    public required IReadOnlyList<ExpertRef> Experts { get; init; }
    public required IReadOnlyList<Guid> Resources { get; init; }
    /// <summary>Courses far ahead, taking enrolments under load.</summary>
    public required IReadOnlyList<CourseRef> Courses { get; init; }
    /// <summary>Courses whose sessions started during seeding: the only ones whose enrolments can be completed.</summary>
    public required IReadOnlyList<CourseRef> RunningCourses { get; init; }
    public required IReadOnlyList<Guid> Campaigns { get; init; }
    public required IReadOnlyList<string> ApplicantWords { get; init; }

    /// <summary>Codes of the certificates issued so far (seeded and completed under load).</summary>
    public Growing<string> Certificates { get; } = new();
    public ConcurrentQueue<ApplicationRef> AwaitingRecommendation { get; } = new();
    public ConcurrentQueue<ApplicationRef> Drafts { get; } = new();
    public ConcurrentQueue<AssignedVisit> AssignedVisits { get; } = new();
    /// <summary>Enrolments in the running courses left for the workload to complete.</summary>
    public ConcurrentQueue<Guid> Enrolled { get; } = new();

    /// <summary>Each expert's next free visit slot: one a day, 28 a month, so assignments never overlap.</summary>
    private readonly ConcurrentDictionary<Guid, int> _slots = new();

    public required DateTimeOffset FirstSlotDay { get; init; }

    public (DateTimeOffset Start, DateTimeOffset End) NextSlot(Guid expertId)
    {
        var n = _slots.AddOrUpdate(expertId, 0, (_, k) => k + 1);
        var start = FirstSlotDay.AddMonths(n / 28).AddDays(n % 28);
        return (start, start.AddMinutes(90));
    }

    public IEnumerable<Partner> AllPartners =>
        Centres.All.Concat(Readers.All).Append(Operator).Concat(ProvinceKeys.Values).Concat(UnitKeys.Values)
            .Concat(SchoolKeys.Values).Concat(ExpertKeys);
}

/// <summary>A list that grows under concurrent writers and hands out a random item cheaply.</summary>
public sealed class Growing<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items) return _items.Count;
        }
    }

    public void Add(T item)
    {
        lock (_items) _items.Add(item);
    }

    public T? Random()
    {
        lock (_items) return _items.Count == 0 ? default : _items[System.Random.Shared.Next(_items.Count)];
    }
}
