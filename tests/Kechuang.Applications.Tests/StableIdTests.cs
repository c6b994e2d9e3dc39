using Kechuang.Applications.Domain;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>
/// The ids a ledger was given when it was opened are the ids it is looked up by, for ever: these
/// are the ids the code minted before the name-based ids were shared (RFC 9562 v5, SHA-1).
/// </summary>
public sealed class StableIdTests
{
    [Theory]
    [InlineData("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "广东省", "1c7f95c5-2c86-5a64-a4e9-7c7f16248bec")]
    [InlineData("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "新疆维吾尔自治区", "56716b5d-bdd0-5039-aa05-506a411e01a4")]
    [InlineData("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "Guangdong", "1197f1cd-9b1b-5ded-9d6f-342c6c4bde7a")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", "北京市", "1d8b16b1-8d7f-5550-a0c7-db90c546f432")]
    [InlineData("00000000-0000-0000-0000-000000000000", "", "3ef80237-efd2-5c43-94da-358acbf76177")]
    public void A_city_quota_ledger_keeps_the_id_it_was_opened_with(string call, string province, string expected) =>
        Assert.Equal(Guid.Parse(expected), CityQuotaLedger.IdFor(Guid.Parse(call), province));
}
