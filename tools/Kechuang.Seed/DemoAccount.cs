namespace Kechuang.Seed;

/// <summary>A staff account of the demo data set: signs in on the dashboard and at <c>POST /api/v1/auth/token</c>.</summary>
public sealed record DemoAccount(
    string Username, string Role, string Description, string? Province = null, Guid? OrganizationId = null, Guid? ExpertId = null)
{
    /// <summary>The accounts printed at the end of a seed: one per role, the province one for <see cref="Geography.Demo"/>.</summary>
    public bool Featured { get; init; }
}
