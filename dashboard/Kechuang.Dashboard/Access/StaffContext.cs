using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Kechuang.Dashboard.Access;

/// <summary>
/// Who is using this circuit (or this request): username, role and province from the sign-in,
/// and what that role may do. The API enforces every rule again; this only decides what to show.
/// </summary>
public sealed class StaffContext(AuthenticationStateProvider authentication, StaffSessions sessions)
{
    private ClaimsPrincipal? _user;

    public async Task<ClaimsPrincipal> UserAsync()
    {
        _user ??= (await authentication.GetAuthenticationStateAsync()).User;
        return _user;
    }

    public async Task<StaffSession?> SessionAsync() => await sessions.FindAsync(await UserAsync());

    public async Task EndAsync() => await sessions.EndAsync(await UserAsync());

    public async Task<StaffRole> RoleAsync() => StaffRole.Of(await UserAsync());
}

/// <summary>A role and province as the dashboard reads them, with the actions the role may take.</summary>
public sealed record StaffRole(string Username, string Role, string? Province)
{
    public static StaffRole Of(ClaimsPrincipal user) => new(
        user.FindFirst(StaffSessions.NameClaim)?.Value ?? "",
        user.FindFirst(StaffSessions.RoleClaim)?.Value ?? "",
        user.FindFirst(StaffSessions.ProvinceClaim)?.Value);

    public bool IsAdmin => Role == "admin";
    public bool IsCentre => Role is "centre" or "admin";
    public bool IsProvince => Role == "province";

    /// <summary>Applications hold contact details: the applicant's side and operators only (API.md).</summary>
    public bool SeesApplications => Role is "unit" or "province" or "centre" or "admin" or "operator";
    public bool SeesVisitRequests => Role is "centre" or "province" or "expert" or "operator" or "admin" or "school";

    /// <summary>同意推荐 / 退回 / 不予推荐: the provincial association of the applicant's province.</summary>
    public bool MayRecommend(string applicantProvince) => IsAdmin || (IsProvince && Province == applicantProvince);
    public bool MayReviewAndDesignate => IsCentre;
    public bool MayExport => Role is "centre" or "province" or "operator" or "admin";
    public bool MayVetExperts => IsCentre || IsProvince;
    public bool MayAssignVisits => IsCentre || IsProvince;
    public bool MayCurateResources => IsCentre;
    public bool MayDecideCertifications => IsCentre;
}
