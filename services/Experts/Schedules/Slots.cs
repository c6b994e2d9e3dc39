using Kechuang.BuildingBlocks.Http;
using Kechuang.Experts.Domain;

namespace Kechuang.Experts.Schedules;

/// <summary><c>{start, end}</c> as clients send it: nullable, so every missing part is reported at once.</summary>
public sealed record SlotRequest(DateTimeOffset? Start, DateTimeOffset? End);

public static class Slots
{
    /// <summary>
    /// A list of periods at <paramref name="field"/>: each ends after it starts, at most
    /// <paramref name="max"/> of them, none overlapping another when <paramref name="disjoint"/>.
    /// </summary>
    public static IReadOnlyList<TimeSlot> Validate(
        Validator v, string field, IReadOnlyList<SlotRequest?>? slots, int max, bool atLeastOne, bool disjoint)
    {
        if (slots is null || slots.Count == 0)
        {
            if (atLeastOne) v.Add(field, "needs at least one {start, end} period.");
            return [];
        }
        if (slots.Count > max) v.Add(field, $"has at most {max} periods (it has {slots.Count}).");
        var valid = new List<TimeSlot>();
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            if (slot is null)
            {
                v.Add($"{field}[{i}]", "is required.");
                continue;
            }
            v.Period($"{field}[{i}]", slot.Start, slot.End);
            if (slot is { Start: { } start, End: { } end } && end > start) valid.Add(new TimeSlot(start, end));
        }
        if (disjoint)
        {
            var ordered = valid.OrderBy(s => s.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
                if (ordered[i - 1].Overlaps(ordered[i]))
                    v.Add(field, $"has overlapping periods ({ordered[i - 1].Start:O} to {ordered[i - 1].End:O} and {ordered[i].Start:O} to {ordered[i].End:O}).");
        }
        return valid;
    }
}
