using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Load.Http;

/// <summary>A partner system's API key, with the role and scope it was created for.</summary>
public sealed record Partner(Guid Id, string Key, string Name, string Role, string? Province = null, Guid? OrganizationId = null, Guid? ExpertId = null)
{
    /// <summary>The caller the gateway names for this key (its <c>ApiKey.ToActor</c>): what a direct call must carry.</summary>
    public Actor Actor => new($"key:{Id:N}", Name, Role, Province, OrganizationId, ExpertId);
}

/// <summary>Keys of one role, handed out in turn so that no key carries more than its share.</summary>
public sealed class PartnerPool(IReadOnlyList<Partner> partners)
{
    private int _next = -1;

    public IReadOnlyList<Partner> All => partners;

    public Partner Next() => partners[(int)((uint)Interlocked.Increment(ref _next) % (uint)partners.Count)];
}
