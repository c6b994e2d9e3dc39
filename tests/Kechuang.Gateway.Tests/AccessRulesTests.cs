using System.Net;
using System.Security.Claims;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Security;
using Kechuang.Gateway.Access;
using Kechuang.Gateway.Access.Staff;
using Kechuang.Gateway.Limits;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>The pure rules of access: scopes by role, account changes, client addresses, the claims mapping.</summary>
public sealed class AccessRulesTests
{
    private static readonly Guid Someone = Guid.NewGuid();

    [Theory]
    [InlineData("province", null, false, false, "province")]
    [InlineData("expert", null, false, false, "expertId")]
    [InlineData("trainer", null, false, false, "expertId")]
    [InlineData("trainer", "甘肃省", false, false, "expertId")]
    [InlineData("school", null, false, true, "expertId")]
    [InlineData("centre", null, true, false, "organizationId")]
    [InlineData("expert", null, true, true, "organizationId")]
    [InlineData("reader", "加州", false, false, "province")]
    public void A_scope_the_role_does_not_fit_is_a_field_error(string role, string? province, bool organization, bool expert, string field)
    {
        var v = new Validator();
        AccessScope.Validate(v, role, province, organization ? Someone : null, expert ? Someone : null);
        Assert.False(v.IsValid);
        Assert.Contains(field, v.ToProblem().ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("province", "广东省", false, false)]
    [InlineData("expert", null, false, true)]
    [InlineData("trainer", "四川省", false, true)]
    [InlineData("unit", null, true, false)]
    [InlineData("school", "云南省", false, false)]
    [InlineData("reader", "甘肃省", false, false)]
    [InlineData("centre", null, false, false)]
    public void A_scope_that_fits_the_role_is_accepted(string role, string? province, bool organization, bool expert)
    {
        var v = new Validator();
        AccessScope.Validate(v, role, province, organization ? Someone : null, expert ? Someone : null);
        Assert.True(v.IsValid);
    }

    [Fact]
    public void A_unit_or_school_without_an_organisation_gets_one_and_other_roles_none()
    {
        Assert.NotNull(AccessScope.OrganizationFor(Roles.Unit, null));
        Assert.NotEqual(AccessScope.OrganizationFor(Roles.School, null), AccessScope.OrganizationFor(Roles.School, null));
        Assert.Equal(Someone, AccessScope.OrganizationFor(Roles.School, Someone));
        Assert.Null(AccessScope.OrganizationFor(Roles.Trainer, null));
    }

    [Fact]
    public void An_admin_held_to_a_province_manages_only_that_provinces_accounts()
    {
        var guangdong = new Actor("key:gd", "广东管理员", Roles.Admin, "广东省");
        Assert.True(AccessScope.Manages(guangdong, "广东省"));
        Assert.False(AccessScope.Manages(guangdong, "甘肃省"));
        Assert.False(AccessScope.Manages(guangdong, null));
        Assert.True(AccessScope.Manages(new Actor("key:n", "国家管理员", Roles.Admin), "甘肃省"));
    }

    private static StaffUser Account() =>
        new(Guid.NewGuid(), "wang.wu", "hash", Roles.Centre, null, DateTimeOffset.UnixEpoch, "key:bootstrap", SecurityStamp: "first");

    [Fact]
    public void Disabling_ends_the_accounts_tokens_and_enabling_does_not_bring_them_back()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var disabled = StaffAccountRules.Disable(Account(), now, "second").Account!;
        Assert.Equal(now, disabled.DisabledAt);
        Assert.Equal("second", disabled.SecurityStamp);

        var enabled = StaffAccountRules.Enable(disabled).Account!;
        Assert.False(enabled.IsDisabled);
        Assert.Equal("second", enabled.SecurityStamp);
    }

    [Fact]
    public void Disabling_a_disabled_account_or_enabling_an_active_one_is_an_invalid_state()
    {
        var disabled = StaffAccountRules.Disable(Account(), DateTimeOffset.UnixEpoch, "second").Account!;
        Assert.Equal("invalid_state", StaffAccountRules.Disable(disabled, DateTimeOffset.UnixEpoch, "third").Error?.Code);
        Assert.Equal("invalid_state", StaffAccountRules.Enable(Account()).Error?.Code);
    }

    [Fact]
    public void A_new_password_ends_the_accounts_tokens()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(2);
        var changed = StaffAccountRules.SetPassword(Account(), "new hash", now, "second").Account!;
        Assert.Equal(("new hash", "second", now), (changed.PasswordHash, changed.SecurityStamp, changed.PasswordChangedAt!.Value));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void Limits_count_an_IPv4_client_by_its_address_and_an_IPv6_client_by_its_64_block(string address, string key) =>
        Assert.Equal(key, ClientAddress.KeyOf(IPAddress.Parse(address)));

    [Fact]
    public async Task An_actor_survives_the_trip_through_claims_and_a_token_with_its_whole_scope()
    {
        var actor = new Actor("user:1", "zhou.trainer", Roles.Trainer, "甘肃省", Guid.NewGuid(), Guid.NewGuid());
        var principal = new ClaimsPrincipal(new ClaimsIdentity(actor.ToClaims(), "test"));
        Assert.Equal(actor, Actor.FromPrincipal(principal));

        var identity = new InternalIdentity("a signing key");
        var token = identity.Issue(actor, TimeProvider.System, TimeSpan.FromMinutes(1));
        Assert.Equal(actor, Actor.FromPrincipal((await identity.ValidateAsync(token))!));
    }
}
