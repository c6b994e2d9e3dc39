using Kechuang.Dashboard.Access;
using Microsoft.Extensions.Caching.Memory;

namespace Kechuang.Dashboard.Components.Pages;

/// <summary>
/// The overview's answers for 30 seconds per role and province: staff of the same role and
/// province see the same records (staff accounts carry no organisation or expert scope), and the
/// overview reads every application of the scope. Any action taken through the dashboard starts a
/// new generation, so its effect shows at once; changes made by partner systems within 30 s.
/// </summary>
public sealed class OverviewCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private long _generation;

    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async Task<OverviewFigures.Answers> GetOrLoadAsync(StaffRole role, Func<Task<OverviewFigures.Answers>> load)
    {
        var key = ("overview", role.Role, role.Province, Interlocked.Read(ref _generation));
        if (cache.TryGetValue(key, out OverviewFigures.Answers? cached) && cached is not null) return cached;
        var answers = await load();
        // A scope whose applications could not be read is not kept: the next load asks again.
        if (answers.Applications is not null || !role.SeesApplications) cache.Set(key, answers, Lifetime);
        return answers;
    }
}
