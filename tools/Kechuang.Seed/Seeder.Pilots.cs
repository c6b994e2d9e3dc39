namespace Kechuang.Seed;

public sealed partial class Seeder
{
    /// <summary>
    /// What the designated pilots did next: experience reports (submitted, some published) and, as the
    /// seed's very last writes, commendations — which is how a later run knows the data set is complete.
    /// </summary>
    private async Task PilotsAsync(CancellationToken ct)
    {
        var pilots = (await api.ListAllAsync(Centre, $"/api/v1/pilots?year={Year}"))
            .Where(p => p.GetProperty("callId").GetGuid() == _callId)
            .Select(p => (Id: p.GetProperty("id").GetGuid(), Name: p.GetProperty("name").GetString()!,
                Province: Geography.Provinces.Single(g => g.Name == p.GetProperty("province").GetString())))
            .OrderBy(p => Geography.Number(p.Province)).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id)
            .ToList();
        var reporting = pilots.Take(Math.Max(1, pilots.Count / 2)).Select((p, n) => (Pilot: p, Number: n)).ToList();
        await ForEachAsync("experience", reporting, async r =>
        {
            var item0 = $"experience-report/{r.Pilot.Id}";
            var id = (await api.PostAsync(Association(r.Pilot.Province), "/api/v1/experience-reports", new
            {
                pilotId = r.Pilot.Id,
                title = $"{r.Pilot.Name}开展课后服务科学教育的经验做法",
                body = $"{r.Pilot.Name}把科学教育纳入课后服务课程体系，组建科技社团，定期邀请科学家进校园，"
                    + "与科技馆和高校共建实践课程，带动周边乡村学校共同开展科学探究活动。",
            }, Key(item0))).GetProperty("id").GetGuid();
            if (r.Number % 2 == 0) await api.PostAsync(Centre, $"/api/v1/experience-reports/{id}/publish", null, Key($"{item0}/publish"));
        }, ct);
        progress.Finish($"{reporting.Count} experience reports of {pilots.Count} pilots, {reporting.Count(r => r.Number % 2 == 0)} published");

        var commended = pilots.Take(3).ToList();
        progress.Start("commendations", commended.Count);
        foreach (var pilot in commended)
        {
            await api.PostAsync(Centre, "/api/v1/commendations", new
            {
                pilotId = pilot.Id, year = Year, title = $"{Year}年度{CommendationSuffix}",
                citation = $"{pilot.Name}在“科创筑梦”助力“双减”科普行动中成效突出，特予表彰。",
            }, Key($"commendation/{pilot.Id}"));
            progress.Step();
        }
        progress.Finish($"{commended.Count} pilots commended");
    }
}
