namespace Kechuang.Seed;

/// <summary>How much the seed puts in, per province (31 of them) unless named otherwise.</summary>
public sealed record SeedScale(
    string Name, int ApplicationsPerProvince, int ExpertsPerProvince, int ResourcesPerProvince, int VisitsPerProvince,
    int EnrolmentsPerCourse, int CompletionsPerProvince, int RunningCourses)
{
    /// <summary><c>./kechuang seed</c>: 310 applications, 124 experts, 124 resources, 124 visit requests, 62 certificates…</summary>
    public static SeedScale Demo { get; } = new("demo", 10, 4, 4, 4, 6, 2, 4);

    /// <summary>Every state of every record at least once, for tests (<c>--small</c>).</summary>
    public static SeedScale Small { get; } = new("small", 1, 1, 1, 1, 3, 1, 2);
}
