namespace Kechuang.Seed;

public sealed partial class Seeder
{
    /// <summary>Where each visit request ends up, by its number: every status of 大手拉小手.</summary>
    private static readonly string[] VisitOutcomes = ["open", "proposed", "confirmed", "delivered", "delivered", "cancelled"];

    /// <summary>
    /// Schools ask for visits (the demo school for its own province, the national school platform for
    /// the others); the provinces assign the experts who have accounts, who accept and deliver them;
    /// schools rate what was delivered. Each expert's visits are a day apart: never double-booked.
    /// </summary>
    private async Task VisitsAsync(SeedScale scale, List<SeededExpert> experts, CancellationToken ct)
    {
        var visiting = experts.Where(e => e.Username is not null).ToList();
        var items = PerProvince(scale.VisitsPerProvince);
        // Slots are planned in order before anything is sent: the same slots on every run.
        var slots = new Dictionary<int, (SeededExpert Expert, DateTimeOffset Start)>();
        var taken = new Dictionary<(Guid, bool), int>();
        foreach (var (_, _, number) in items)
        {
            var outcome = VisitOutcomes[number % VisitOutcomes.Length];
            if (outcome is "open" or "cancelled") continue;
            var expert = visiting[number % visiting.Count];
            var past = outcome == "delivered";
            var n = taken.GetValueOrDefault((expert.Id, past));
            taken[(expert.Id, past)] = n + 1;
            slots[number] = (expert, past ? Day(-90 + n, 14) : Day(20 + n, 14));
        }

        await ForEachAsync("visits", items, async item =>
        {
            var (province, index, number) = item;
            var outcome = VisitOutcomes[number % VisitOutcomes.Length];
            var names = new DemoNames($"visit/{province.Slug}/{index}");
            var demo = province == Geography.Demo;
            var school = demo ? School : Platform;
            var (city, county) = demo ? (province.Cities[0], province.Cities[0].Counties.Single(c => c.Name == SchoolPlace.County)) : names.Pick(province.Places.ToList());
            var start = slots.TryGetValue(number, out var slot) ? slot.Start : Day(30 + names.Between(0, 60), 14);
            var item0 = $"visit/{province.Slug}/{index}";
            var id = (await api.PostAsync(school, "/api/v1/visit-requests", new
            {
                school = new { name = demo ? SchoolName : names.School(county.Name), province = province.Name, city = city.Name, county = county.Name, rural = county.Rural },
                kind = names.Pick(["science-talk", "elective-course", "practice-guidance"]),
                topic = names.Pick(Topics),
                grades = Grades(names),
                audienceSize = names.Between(40, 600),
                preferredWindows = new[] { new { start = start.AddDays(-3), end = start.AddDays(4) } },
                durationMinutes = 90,
                notes = names.Pick(["希望结合课后服务开展。", "学校位于乡村，希望安排在周三下午。", "可提供多媒体教室和实验室。"]),
            }, Key(item0))).GetProperty("id").GetGuid();
            if (outcome == "cancelled")
            {
                await api.PostAsync(school, $"/api/v1/visit-requests/{id}/cancellation", new { reason = "学校活动安排调整。" }, Key($"{item0}/cancellation"));
                return;
            }
            if (outcome == "open") return;

            var expert = _callers[slot.Expert.Username!];
            await api.PostAsync(Association(province), $"/api/v1/visit-requests/{id}/assignment",
                new { expertId = slot.Expert.Id, start = slot.Start, end = slot.Start.AddMinutes(90) }, Key($"{item0}/assignment"));
            if (outcome == "proposed") return;
            await api.PostAsync(expert, $"/api/v1/visit-requests/{id}/acceptance", new { accept = true, reason = "时间合适，乐意前往。" }, Key($"{item0}/acceptance"));
            if (outcome == "confirmed") return;
            await api.PostAsync(expert, $"/api/v1/visit-requests/{id}/delivery", new
            {
                deliveredAt = slot.Start.AddMinutes(90), audienceCount = names.Between(40, 600), durationMinutes = 90,
            }, Key($"{item0}/delivery"));
            if (number % 2 == 1)
                await api.PostAsync(school, $"/api/v1/visit-requests/{id}/feedback",
                    new { rating = names.Between(4, 6), comment = "专家讲解生动，学生反响热烈。" }, Key($"{item0}/feedback"));
        }, ct);
        progress.Finish($"{items.Count} visit requests, {slots.Count(s => s.Value.Start < _anchor)} delivered by {visiting.Count} experts");
    }
}
