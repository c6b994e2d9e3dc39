using System.Text.Json;

namespace Kechuang.Seed;

/// <summary>An expert of the data set, with the account it signs in with when it has one (to accept and deliver visits, assess).</summary>
public sealed record SeededExpert(Guid Id, Province Province, int Number, bool Approved, bool Trainer, string? Username);

public sealed partial class Seeder
{
    private const int VisitingExperts = 5;

    private static readonly string[] Topics =
        ["science-investigation", "robotics", "artificial-intelligence", "aerospace", "science-imaging", "science-festival", "physics", "chemistry",
         "biology", "earth-science", "information-technology", "engineering", "mathematics", "medicine-health", "agriculture", "environment"];

    /// <summary>Six in eight approved, one pending, one rejected; a third of the approved train teachers.</summary>
    private static (bool Approved, bool Pending, bool Trainer) ExpertOutcome(int number) =>
        (number % 8 < 6, number % 8 == 6, number % 8 < 6 && number % 3 == 0);

    /// <summary>The approved experts who get an account: the demo province's first, then the first few of the list.</summary>
    private static Dictionary<int, string> ExpertUsernames(SeedScale scale)
    {
        var approved = PerProvince(scale.ExpertsPerProvince).Where(e => ExpertOutcome(e.Item).Approved).OrderBy(e => e.Item).ToList();
        var demo = approved.First(e => e.Province == Geography.Demo);
        var usernames = new Dictionary<int, string> { [demo.Item] = "demo.expert" };
        foreach (var e in approved.Where(e => e.Item != demo.Item).Take(VisitingExperts - 1)) usernames[e.Item] = $"expert.{e.Province.Slug}";
        return usernames;
    }

    private async Task<List<SeededExpert>> ExpertsAsync(SeedScale scale, CancellationToken ct)
    {
        var items = PerProvince(scale.ExpertsPerProvince);
        var usernames = ExpertUsernames(scale);
        var experts = new List<SeededExpert>();
        await ForEachAsync("experts", items, async item =>
        {
            var (province, index, number) = item;
            var (approved, pending, trainer) = ExpertOutcome(number);
            var names = new DemoNames($"expert/{province.Slug}/{index}");
            var username = usernames.GetValueOrDefault(number);
            var association = Association(province);
            var neighbour = Geography.Provinces[(number + 1) % Geography.Provinces.Count];
            var id = (await api.PostAsync(association, "/api/v1/experts", new
            {
                name = names.Person(),
                affiliation = names.Affiliation(),
                title = names.ExpertTitle(),
                category = names.Pick(["university-teacher", "researcher", "researcher", "engineer"]),
                disciplines = new[] { names.Discipline() },
                topics = names.Some(Topics, 1, 3),
                provinces = new[] { province.Name, neighbour.Name },
                phone = DemoNames.Mobile(36, number),
                email = $"expert{number}@expert.example.cn",
                bio = "长期参与青少年科普报告、科技教师培训和科学家进校园活动，熟悉中小学课后服务科学教育。",
                maxVisitsPerMonth = username is null ? 4 : 31,
                trainer,
            }, Key($"expert/{province.Slug}/{index}"))).GetProperty("id").GetGuid();
            if (!pending)
                await api.PostAsync(association, $"/api/v1/experts/{id}/vetting", new
                {
                    decision = approved ? "approve" : "reject",
                    comment = approved ? "资质审核通过，同意入库。" : "所报专业方向与科普志愿服务要求不符。",
                }, Key($"expert/{province.Slug}/{index}/vetting"));
            lock (experts) experts.Add(new SeededExpert(id, province, number, approved, trainer, username));
        }, ct);
        experts.Sort((a, b) => a.Number.CompareTo(b.Number));
        progress.Finish($"{experts.Count} experts: {experts.Count(e => e.Approved)} approved ({experts.Count(e => e.Trainer)} trainers), "
            + $"{experts.Count(e => !e.Approved && ExpertOutcome(e.Number).Pending)} pending, the rest rejected");
        return experts;
    }

    private static List<DemoAccount> ExpertAccountsFrom(IReadOnlyList<SeededExpert> experts)
    {
        var accounts = experts.Where(e => e.Username is not null)
            // Experts visit schools and assess candidates anywhere: their accounts are national, not held to a province.
            .Select(e => new DemoAccount(e.Username!, "expert", ExpertDescription, ExpertId: e.Id) { Featured = e.Username == "demo.expert" })
            .ToList();
        var trainer = experts.FirstOrDefault(e => e.Trainer && e.Province == Geography.Demo) ?? experts.First(e => e.Trainer);
        accounts.Add(new DemoAccount("demo.trainer", "trainer", TrainerDescription, ExpertId: trainer.Id) { Featured = true });
        return accounts;
    }

    private const string ExpertDescription = "科技志愿专家（大手拉小手）";
    private const string TrainerDescription = "科技教师培训专家";

    /// <summary>
    /// The expert accounts of a data set seeded earlier, as the gateway lists them: only the names
    /// this seed gives (other accounts, made by people, may look alike).
    /// </summary>
    private static List<DemoAccount> ExpertAccountsOf(IEnumerable<JsonElement> users, SeedScale scale)
    {
        var ours = ExpertUsernames(scale).Values.Append("demo.trainer").ToHashSet(StringComparer.Ordinal);
        return
        [
            .. users.Select(u => (Username: u.GetProperty("username").GetString()!, Role: u.GetProperty("role").GetString()!, User: u))
            .Where(u => ours.Contains(u.Username))
            .OrderBy(u => u.Username, StringComparer.Ordinal)
            .Select(u => new DemoAccount(u.Username, u.Role, u.Role == "trainer" ? TrainerDescription : ExpertDescription,
                ExpertId: u.User.GetProperty("expertId").GetGuid())
            {
                Featured = u.Username is "demo.expert" or "demo.trainer",
            }),
        ];
    }
}
