namespace Kechuang.Experts.Domain;

/// <summary>A period of time: an availability slot, a preferred window, a booked visit.</summary>
public sealed record TimeSlot(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    /// <summary>Half-open periods: a visit ending at 10:00 does not overlap one starting at 10:00.</summary>
    public bool Overlaps(TimeSlot other) => Start < other.End && other.Start < End;

    public TimeSlot? Intersect(TimeSlot other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return end > start ? new TimeSlot(start, end) : null;
    }
}

/// <summary>
/// The programme runs on China Standard Time (UTC+8, no daylight saving): an expert's monthly
/// capacity counts visits by the calendar month in Beijing, whatever offset a client sent.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static (int Year, int Month) MonthOf(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Offset);
        return (local.Year, local.Month);
    }
}
