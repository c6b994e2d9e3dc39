using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Kechuang.Seed;

/// <summary>What a seed did: whether the data set was there already, how long it took, and what the system now holds.</summary>
public sealed record SeedResult(
    bool AlreadySeeded, TimeSpan Elapsed, int Writes, int Replays, int Certificates, Census Census, IReadOnlyList<DemoAccount> Accounts);

/// <summary>
/// A realistic national data set, written through the gateway's public API with the same requests
/// partner systems and staff make (so through the same validation, rules, events and consumers as
/// production writes): staff accounts per role and province, calls and applications in every state
/// with designated pilots, experts with visits, resources with deliveries, courses with enrolments
/// and certificates, certifications, campaigns and rural coverage.
/// <para>
/// Deterministic: every name comes from fixed lists through a random source seeded by the item, and
/// every time from one anchor (the first run's start, kept in the current call's dates).
/// Idempotent: the last record written is a commendation; a run that finds it adds nothing. A run
/// that does not (an earlier one was interrupted) replays the earlier run's writes by their
/// <c>Idempotency-Key</c> (the gateway keeps them 24 hours) and carries on.
/// </para>
/// </summary>
public sealed partial class Seeder(SeedClient api, string adminKey, string demoPassword, Progress progress)
{
    private const int Parallelism = 12;
    private const string CallSuffix = "“科创筑梦”助力“双减”科普行动试点单位和试点城市申报";
    private const string CommendationSuffix = "“科创筑梦”优秀试点";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly Caller _admin = new("bootstrap admin", ApiKey: adminKey);
    private readonly Dictionary<string, Caller> _callers = [];
    private readonly List<DemoAccount> _accounts = [];
    private DateTimeOffset _anchor;
    private Guid _callId;

    private Caller Centre => _callers["demo.centre"];
    private Caller Unit => _callers["demo.unit"];
    private Caller School => _callers["demo.school"];
    private Caller Platform => _callers["platform.school"];
    private Caller Association(Province p) => _callers[$"demo.{p.Slug}"];

    /// <summary>The year of the current call (Beijing time at the anchor).</summary>
    private int Year => _anchor.ToOffset(Beijing).Year;

    /// <summary><paramref name="days"/> from the anchor's day, at <paramref name="hour"/> o'clock Beijing time.</summary>
    private DateTimeOffset Day(int days, int hour = 9)
    {
        var local = _anchor.ToOffset(Beijing);
        return new DateTimeOffset(local.Year, local.Month, local.Day, hour, 0, 0, Beijing).AddDays(days);
    }

    private DateOnly Date(int days) => DateOnly.FromDateTime(_anchor.ToOffset(Beijing).Date).AddDays(days);

    public async Task<SeedResult> SeedAsync(SeedScale scale, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await AccountsAsync(NationalAndProvincialAccounts(), ct);
        var existing = await FindCallAsync();
        _anchor = existing is { } call ? call.GetProperty("opensAt").GetDateTimeOffset().AddDays(30) : Truncated(DateTimeOffset.UtcNow);
        if (existing is not null && await CompleteAsync())
        {
            progress.Note("the demo data set is there already: nothing to add");
            _accounts.AddRange(ExpertAccountsOf(await api.ListAllAsync(_admin, "/api/v1/users"), scale));
            return await ResultAsync(alreadySeeded: true, clock, 0, ct);
        }
        if (existing is { } started && DateTimeOffset.UtcNow - await OpenedAtAsync(started.GetProperty("id").GetGuid()) > TimeSpan.FromHours(23))
            throw new SeedException("An earlier seed stopped halfway more than a day ago; the gateway no longer remembers its writes, so "
                + "seeding again would add a second copy. Start from empty databases to seed again.");

        await CallsAsync();
        await ApplicationsAsync(scale, ct);
        var experts = await ExpertsAsync(scale, ct);
        await AccountsAsync(ExpertAccountsFrom(experts), ct);
        var published = await ResourcesAsync(scale, ct);
        await DeliveriesAsync(published, ct);
        await OutreachAsync(ct);
        await VisitsAsync(scale, experts, ct);
        var certificates = await TrainingAsync(scale, experts, ct);
        await PilotsAsync(ct);
        return await ResultAsync(alreadySeeded: false, clock, certificates, ct);
    }

    private async Task<SeedResult> ResultAsync(bool alreadySeeded, Stopwatch clock, int certificates, CancellationToken ct)
    {
        progress.Start("census", Census.Queries);
        var census = await Census.TakeAsync(api, Centre, _admin, progress, ct);
        progress.Finish($"{census.Count("applications")} applications, {census["pilots"]} pilots, {census.Count("experts")} experts, "
            + $"{census.Count("resources")} resources, {census.Count("visit-requests")} visit requests");
        return new SeedResult(alreadySeeded, clock.Elapsed, api.Writes, api.Replays, certificates, census, _accounts);
    }

    private static DateTimeOffset Truncated(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>An <c>Idempotency-Key</c> for one step of one item: the same on every run.</summary>
    private static string Key(string item) => $"kechuang-seed/v1/{item}";

    private async Task ForEachAsync<T>(string phase, IReadOnlyList<T> items, Func<T, Task> body, CancellationToken ct)
    {
        progress.Start(phase, items.Count);
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (item, _) =>
        {
            await body(item);
            progress.Step();
        });
    }

    private static IReadOnlyList<(Province Province, int Index, int Item)> PerProvince(int count) =>
        // Item i of province p is number i * 31 + p: states cycle over the whole list, so a small
        // scale still has every state somewhere.
        [.. Enumerable.Range(0, count).SelectMany(i => Geography.Provinces.Select((p, n) => (p, i, i * Geography.Provinces.Count + n)))];

    // —— accounts ——

    private static List<DemoAccount> NationalAndProvincialAccounts()
    {
        var demo = Geography.Demo;
        List<DemoAccount> accounts =
        [
            new("demo.admin", "admin", "系统管理员") { Featured = true },
            new("demo.centre", "centre", "中国科协青少年科技中心（国家中心）") { Featured = true },
            .. Geography.Provinces.Select(p => new DemoAccount($"demo.{p.Slug}", "province", $"{p.Name}科学技术协会", p.Name) { Featured = p == demo }),
            new("demo.unit", "unit", UnitName, demo.Name, DemoNames.OrganizationId(UnitName)) { Featured = true },
            new("demo.school", "school", SchoolName, demo.Name, DemoNames.OrganizationId(SchoolName)) { Featured = true },
            new("platform.school", "school", "国家中小学智慧教育平台（学校服务）", null, DemoNames.OrganizationId("国家中小学智慧教育平台")),
            new("demo.operator", "operator", "运维值班") { Featured = true },
            new("demo.reader", "reader", "科普中国资源平台（只读）") { Featured = true },
        ];
        return accounts;
    }

    /// <summary>The unit the demo <c>unit</c> account stands for (its applications and resources).</summary>
    private const string UnitName = "甘肃科技馆";

    /// <summary>The rural school the demo <c>school</c> account stands for.</summary>
    private const string SchoolName = "榆中县第一中学";

    private static readonly (string City, string County) SchoolPlace = ("兰州市", "榆中县");

    /// <summary>
    /// Creates the accounts that are missing (an existing one is kept), then signs each in; an account
    /// whose password is no longer the demo password gets it back (the admin's reset).
    /// </summary>
    private async Task AccountsAsync(IReadOnlyList<DemoAccount> accounts, CancellationToken ct)
    {
        var existing = (await api.ListAllAsync(_admin, "/api/v1/users"))
            .ToDictionary(u => u.GetProperty("username").GetString()!, u => u.GetProperty("id").GetGuid());
        await ForEachAsync("accounts", accounts, async account =>
        {
            if (!existing.TryGetValue(account.Username, out var id))
            {
                var created = await api.PostAsync(_admin, "/api/v1/users", new
                {
                    username = account.Username, password = demoPassword, role = account.Role, province = account.Province,
                    organizationId = account.OrganizationId, expertId = account.ExpertId,
                }, Key($"user/{account.Username}"), HttpStatusCode.Conflict);
                id = created.TryGetProperty("id", out var value) ? value.GetGuid() : Guid.Empty;
            }
            var token = await SignInAsync(account.Username);
            if (token is null)
            {
                if (id == Guid.Empty) throw new SeedException($"The account {account.Username} exists but could not be found to reset its password.");
                await api.PostAsync(_admin, $"/api/v1/users/{id}/password", new { password = demoPassword }, null);
                token = await SignInAsync(account.Username) ?? throw new SeedException($"{account.Username} cannot sign in with the demo password.");
            }
            lock (_callers) _callers[account.Username] = new Caller(account.Username, Token: token);
        }, ct);
        _accounts.AddRange([.. accounts.Where(a => _accounts.All(b => b.Username != a.Username))]);
        progress.Finish($"{accounts.Count} staff accounts signed in");
    }

    private async Task<string?> SignInAsync(string username)
    {
        var answer = await api.PostAsync(new Caller(username), "/api/v1/auth/token", new { username, password = demoPassword }, null,
            HttpStatusCode.Unauthorized);
        return answer.TryGetProperty("accessToken", out var token) ? token.GetString() : null;
    }

    // —— calls ——

    private async Task<JsonElement?> FindCallAsync()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var call in await api.ListAllAsync(Centre, "/api/v1/calls"))
            if (call.GetProperty("title").GetString()!.EndsWith(CallSuffix, StringComparison.Ordinal)
                && call.GetProperty("opensAt").GetDateTimeOffset() <= now && now < call.GetProperty("deadline").GetDateTimeOffset())
                return call;
        return null;
    }

    private async Task<DateTimeOffset> OpenedAtAsync(Guid callId) =>
        (await api.GetAsync(Centre, $"/api/v1/calls/{callId}/history"))[0].GetProperty("at").GetDateTimeOffset();

    private async Task<bool> CompleteAsync() =>
        (await api.ListAllAsync(Centre, "/api/v1/commendations"))
            .Any(c => c.GetProperty("title").GetString()!.EndsWith(CommendationSuffix, StringComparison.Ordinal));

    private async Task CallsAsync()
    {
        progress.Start("calls", 3);
        // Last year's call (closed), this year's (open: the applications below) and next year's (not open yet).
        foreach (var (offset, opens) in new[] { (-1, -395), (1, 335), (0, -30) })
        {
            var year = Year + offset;
            var call = await api.PostAsync(Centre, "/api/v1/calls", new
            {
                title = $"{year}年{CallSuffix}", year, kinds = new[] { "pilot-unit", "pilot-city" },
                opensAt = Day(opens, 0), deadline = Day(opens + 90, 18), cityQuotaPerProvince = 5,
            }, Key($"call/{offset}"));
            if (offset == 0) _callId = call.GetProperty("id").GetGuid();
            progress.Step();
        }
        progress.Finish($"calls of {Year - 1}, {Year} (open until {Day(60, 18):yyyy-MM-dd}) and {Year + 1}");
    }
}
