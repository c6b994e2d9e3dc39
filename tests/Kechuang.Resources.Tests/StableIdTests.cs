using Kechuang.Resources.Domain;
using Xunit;

namespace Kechuang.Resources.Tests;

/// <summary>
/// An online delivery's id derives from what was pushed and to which school, so recording it twice
/// is impossible: these are the ids the code minted before the name-based ids were shared
/// (RFC 9562 v8, SHA-256).
/// </summary>
public sealed class StableIdTests
{
    private static readonly Guid Some = Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e");

    [Fact]
    public void An_online_delivery_keeps_the_id_derived_from_its_target_and_school()
    {
        Assert.Equal(Guid.Parse("9a58e3ec-f5e9-8628-93b7-8f602cf73bfd"),
            DeliveryRules.OnlineDeliveryId(PushTarget.ForResource(Some, [], []), $"org:{Guid.AllBitsSet:N}"));
        Assert.Equal(Guid.Parse("97caabfc-004e-8345-a180-8b750440b025"),
            DeliveryRules.OnlineDeliveryId(PushTarget.ForPackage(Some, 3, ["科学"], []), "school:广东省|广州市|天河区|华南师范大学附属小学"));
        Assert.Equal(Guid.Parse("15bd7f0d-286f-84f5-9463-047f2ddf8dcc"),
            DeliveryRules.OnlineDeliveryId(PushTarget.ForResource(Guid.Empty, [], []), "school:新疆维吾尔自治区|||红星小学"));
    }
}
