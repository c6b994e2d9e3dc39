using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway.Feed;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>The change feed reads a bounded number of events per request, so a caller who may see few still pages forward cheaply.</summary>
public sealed class FeedScanTests(FeedScanTests.Gateway gateway) : IClassFixture<FeedScanTests.Gateway>
{
    public const int MaxScanned = 20;

    public sealed class Gateway : GatewayFactory
    {
        public Gateway() => With("Kechuang:Feed:MaxScanned", MaxScanned.ToString(CultureInfo.InvariantCulture));
    }

    private sealed record Page(long After, long Next, int Items, bool Found);

    [Fact]
    public async Task A_province_that_may_see_none_of_many_events_gets_short_pages_that_move_forward_to_its_own()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using (var session = gateway.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            IntegrationEventReceived Visit(string province, object data)
            {
                var id = Guid.NewGuid();
                return new IntegrationEventReceived(id, "visit-delivered", DateTimeOffset.UtcNow, province, JsonSerializer.SerializeToElement(data));
            }
            for (var i = 0; i < 3 * MaxScanned; i++)
            {
                var other = Visit("甘肃省", new { n = i });
                session.Events.StartStream(other.MessageId, other);
            }
            var own = Visit("广东省", new { marker });
            session.Events.StartStream(own.MessageId, own);
            await session.SaveChangesAsync();
        }
        var guangdong = gateway.WithKey(await gateway.CreateKeyAsync("province", "广东省"));

        async Task<List<Page>> PageThrough()
        {
            var pages = new List<Page>();
            long after = 0;
            while (true)
            {
                var page = await guangdong.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={after}&limit=10");
                var next = long.Parse(page.GetProperty("next").GetString()!, CultureInfo.InvariantCulture);
                var items = page.GetProperty("items").EnumerateArray().ToList();
                var found = items.Any(e => e.GetProperty("data").GetRawText().Contains(marker));
                pages.Add(new Page(after, next, items.Count, found));
                if (found || next == after) return pages;
                after = next;
            }
        }
        var pages = await Eventually.Until(PageThrough, p => p[^1].Found, because: "the province pages forward to its own event");

        Assert.All(pages, p => Assert.InRange(p.Next - p.After, 1, MaxScanned));
        Assert.True(pages.Count > 3);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(0, p.Items));
    }
}
