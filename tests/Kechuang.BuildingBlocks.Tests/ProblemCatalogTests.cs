using System.Text.RegularExpressions;
using Kechuang.BuildingBlocks.Http;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>Every problem code the code base answers with has its page, in Chinese and English.</summary>
public sealed partial class ProblemCatalogTests
{
    [GeneratedRegex("""const string (\w+) = "([a-z_]+)";""")]
    private static partial Regex Constant();

    /// <summary>The places a problem is made: Problems.Of, DomainError and its factories, refusals, the exception map.</summary>
    [GeneratedRegex("""(?:Problems\.Of|DomainError\.(?:Rule|Conflict)|new DomainError|Refusal|\bProblem)\(\s*(?:[\w.]+\s*,\s*)?(?:"([a-z_]+)"|([A-Z]\w+)\b)""")]
    private static partial Regex ProblemMade();

    [GeneratedRegex("""=> "([a-z_]+)",""")]
    private static partial Regex SwitchArm();

    private static IEnumerable<(string Path, string Text)> Sources()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Kechuang.sln"))) root = root.Parent!;
        return new[] { "services", "gateway" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root.FullName, d), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(p)));
    }

    [Fact]
    public void Every_code_a_problem_is_made_with_is_in_the_catalogue()
    {
        var sources = Sources().ToList();
        var constants = sources.SelectMany(s => Constant().Matches(s.Text))
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Select(m => m.Groups[2].Value).ToHashSet());
        var used = new HashSet<string>(StringComparer.Ordinal) { Problems.ValidationFailed, "invalid_state", "not_found", "forbidden" };
        foreach (var (_, text) in sources)
        {
            foreach (Match m in ProblemMade().Matches(text))
            {
                if (m.Groups[1].Success) used.Add(m.Groups[1].Value);
                else if (constants.TryGetValue(m.Groups[2].Value, out var values)) used.UnionWith(values);
            }
        }
        // The framework's own answers get their code from ProblemCodes' status map.
        var map = sources.Single(s => s.Path.EndsWith($"Http{Path.DirectorySeparatorChar}ProblemCodes.cs", StringComparison.Ordinal)).Text;
        used.UnionWith(SwitchArm().Matches(map).Select(m => m.Groups[1].Value));

        Assert.True(used.Count > 40, $"only {used.Count} codes found: the scan no longer sees how problems are made");
        var missing = used.Where(c => ProblemCatalog.Find(c) is null).Order().ToList();
        Assert.True(missing.Count == 0, "codes without a page: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_entry_explains_its_code_in_Chinese_and_in_English_once()
    {
        Assert.Equal(ProblemCatalog.All.Count, ProblemCatalog.All.Select(e => e.Code).Distinct().Count());
        Assert.All(ProblemCatalog.All, e =>
        {
            Assert.Matches("^[a-z]+(_[a-z]+)*$", e.Code);
            Assert.InRange(e.Status, 400, 599);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Chinese);
            Assert.Matches("^[A-Z].+[.)]$", e.English);
        });
    }
}
