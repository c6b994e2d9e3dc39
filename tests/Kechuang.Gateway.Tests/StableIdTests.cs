using Kechuang.Gateway.Webhooks;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// A webhook delivery's id (its <c>webhook-id</c> header, the same for each retry) derives from the
/// webhook and the event, so a page the daemon processes again finds the deliveries it made: these
/// are the ids the code minted before the name-based ids were shared.
/// </summary>
public sealed class StableIdTests
{
    [Theory]
    [InlineData("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "ffffffff-ffff-ffff-ffff-ffffffffffff", "48aab49e-94fe-1914-6a7e-3d536963fc38")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "2670f21b-e44f-f268-367b-b2b199683bc6")]
    [InlineData("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000", "7f60ce83-ca91-a478-f72d-bb75d487e73b")]
    public void A_webhook_delivery_keeps_the_id_derived_from_its_webhook_and_event(string webhook, string eventId, string expected) =>
        Assert.Equal(Guid.Parse(expected), WebhookFanOut.DeliveryId(Guid.Parse(webhook), Guid.Parse(eventId)));
}
