using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

/// <summary>Who may see an expert's contact details and manage the expert's record.</summary>
public static class ExpertAccess
{
    /// <summary>
    /// An actor held to a province sees the experts who serve it (and an expert its own record);
    /// anyone else reads it as missing.
    /// </summary>
    public static bool Sees(Expert expert, Actor actor) =>
        !actor.HeldToProvince || actor.ExpertId == expert.Id || actor.Province is { } province && expert.Serves(province);

    /// <summary>Phone and e-mail: the centre, the provinces and the expert themself (and admins).</summary>
    public static bool SeesContact(Guid expertId, Actor actor) =>
        actor.Is(Roles.Admin, Roles.Centre, Roles.Province) || actor.ExpertId == expertId;

    /// <summary>Availability: the expert themself, the centre, or a province the expert serves.</summary>
    public static bool Manages(Expert expert, Actor actor) =>
        actor.Is(Roles.Admin, Roles.Centre)
        || actor.ExpertId == expert.Id
        || actor.Role == Roles.Province && actor.Province is { } province && expert.Serves(province);
}
