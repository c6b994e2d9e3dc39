using System.Security.Claims;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>
/// The one mapping between an <see cref="Actor"/> and claims: what the gateway's authentication
/// hands on, what its tokens carry, and what a service reads back are the same actor.
/// </summary>
public sealed class ActorClaimsTests
{
    private static readonly Actor[] Actors =
    [
        new("user:6f1c2d3e4a5b4c6d8e7f901a2b3c4d5e", "周老师", Roles.Trainer, "新疆维吾尔自治区",
            Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"), Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")),
        new("key:1", "广东省科协 school key", Roles.School, "广东省", Guid.NewGuid()),
        new("key:2", "province.staff", Roles.Province, "内蒙古自治区"),
        new("user:centre", "centre", Roles.Centre),
        new("key:3", "reader", Roles.Reader, ExpertId: Guid.NewGuid()),
    ];

    [Fact]
    public void Every_field_survives_the_trip_through_a_principal()
    {
        foreach (var actor in Actors)
        {
            var principal = actor.ToPrincipal("test");
            Assert.Equal(actor, Actor.FromPrincipal(principal));
            Assert.Equal((actor.Name, true), (principal.Identity!.Name, principal.IsInRole(actor.Role)));
        }
    }

    [Fact]
    public async Task Every_field_survives_the_trip_through_the_internal_identity_token()
    {
        var identity = new InternalIdentity("a signing key");
        foreach (var actor in Actors)
        {
            var principal = await identity.ValidateAsync(identity.Issue(actor, TimeProvider.System, TimeSpan.FromMinutes(1)));
            Assert.Equal(actor, Actor.FromPrincipal(principal!));
            Assert.Equal((actor.Name, true), (principal!.Identity!.Name, principal.IsInRole(actor.Role)));
        }
    }

    [Fact]
    public void An_actor_is_named_by_one_claim_per_field_it_has()
    {
        var full = Actors[0];
        Assert.Equal(
            [
                (KechuangClaims.Subject, full.Id), (KechuangClaims.Name, "周老师"), (KechuangClaims.Role, Roles.Trainer),
                (KechuangClaims.Province, "新疆维吾尔自治区"), (KechuangClaims.Organization, "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"),
                (KechuangClaims.Expert, "ffffffff-ffff-ffff-ffff-ffffffffffff"),
            ],
            full.ToClaims().Select(c => (c.Type, c.Value)));
        Assert.Equal([KechuangClaims.Subject, KechuangClaims.Name, KechuangClaims.Role], Actors[3].ToClaims().Select(c => c.Type));
    }

    [Fact]
    public void No_actor_comes_from_an_anonymous_principal_or_one_without_a_subject_or_role()
    {
        Assert.Null(Actor.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity(Actors[0].ToClaims()))));
        Assert.Null(Actor.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity([new Claim(KechuangClaims.Role, Roles.Admin)], "test"))));
        Assert.Null(Actor.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity([new Claim(KechuangClaims.Subject, "key:1")], "test"))));
    }
}
