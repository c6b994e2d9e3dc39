namespace Kechuang.Seed;

public sealed partial class Seeder
{
    /// <summary>Campaigns of 科技教育活动乡村行 (one ended, two under way, one planned), a service station per province, activities in rural counties.</summary>
    private async Task OutreachAsync(CancellationToken ct)
    {
        var west = Geography.Provinces.Skip(21).ToList();
        var centre = Geography.Provinces.Skip(11).Take(10).ToList();
        var east = Geography.Provinces.Take(11).ToList();
        var campaigns = new (string Name, string Kind, List<Province> Provinces, int Starts, int Ends)[]
        {
            ($"{Year - 1}年科技教育活动乡村行", "rural-tour", Geography.Provinces.ToList(), -330, -150),
            ($"{Year}年科技教育活动乡村行（西部）", "rural-tour", west, -60, 120),
            ($"{Year}年科技支撑乡村振兴公益行动", "revitalisation", [.. east, .. centre], -45, 150),
            ($"{Year + 1}年科技教育活动乡村行", "rural-tour", Geography.Provinces.ToList(), 200, 380),
        };
        progress.Start("campaigns", campaigns.Length);
        var launched = new List<(Guid Id, List<Province> Provinces, int Starts, int Ends)>();
        for (var n = 0; n < campaigns.Length; n++)
        {
            var c = campaigns[n];
            var id = (await api.PostAsync(Centre, "/api/v1/campaigns", new
            {
                name = c.Name, kind = c.Kind, provinces = c.Provinces.Select(p => p.Name), startsOn = Date(c.Starts).ToString("yyyy-MM-dd"),
                endsOn = Date(c.Ends).ToString("yyyy-MM-dd"), targets = new { schools = 40 * c.Provinces.Count, teachers = 100 * c.Provinces.Count, activities = 10 * c.Provinces.Count },
            }, Key($"campaign/{n}"))).GetProperty("id").GetGuid();
            launched.Add((id, c.Provinces, c.Starts, c.Ends));
            progress.Step();
        }
        progress.Finish($"{campaigns.Length} campaigns: one ended, two under way, one planned");

        await ForEachAsync("stations", Geography.Provinces, async p =>
        {
            var (city, county) = p.Places.First(x => x.County.Rural && x.City == p.Cities[^1]);
            await api.PostAsync(Association(p), "/api/v1/stations", new
            {
                name = $"{county.Name}乡村科教服务站", province = p.Name, city = city.Name, county = county.Name,
                address = $"{city.Name}{county.Name}综合文化站", hostOrganization = $"{county.Name}科学技术协会",
            }, Key($"station/{p.Slug}"));
        }, ct);
        progress.Finish($"{Geography.Provinces.Count} rural service stations");

        // Two activities per province in each campaign that has begun, on days that have passed.
        var activities = launched.Where(c => c.Starts <= 0).SelectMany((c, n) => c.Provinces.SelectMany(p =>
            p.Places.Where(x => x.County.Rural).Take(2).Select((x, k) => (Campaign: c, Number: n, Province: p, x.City, x.County, k)))).ToList();
        await ForEachAsync("activities", activities, async a =>
        {
            var names = new DemoNames($"activity/{a.Number}/{a.Province.Slug}/{a.k}");
            var latest = Math.Min(0, a.Campaign.Ends);
            await api.PostAsync(Association(a.Province), $"/api/v1/campaigns/{a.Campaign.Id}/activities", new
            {
                kind = names.Pick(["resources", "activity", "activity", "training"]), province = a.Province.Name, city = a.City.Name, county = a.County.Name,
                schoolName = names.School(a.County.Name), date = Date(names.Between(a.Campaign.Starts, latest + 1)).ToString("yyyy-MM-dd"),
                participants = names.Between(40, 400),
            }, Key($"activity/{a.Number}/{a.Province.Slug}/{a.k}"));
        }, ct);
        progress.Finish($"{activities.Count} activities in rural counties");
    }
}
