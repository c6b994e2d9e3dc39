using Kechuang.BuildingBlocks.Messaging;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

public sealed class ConsumerLagTests
{
    [Fact]
    public async Task A_summary_since_a_time_covers_only_the_messages_handled_from_then_on()
    {
        var recent = new ConsumerLag();
        recent.Record("C", lagMs: 5000, handlingMs: 50);
        await Task.Delay(20);
        var since = TimeProvider.System.GetUtcNow();
        recent.Record("C", lagMs: 10, handlingMs: 2);
        recent.Record("C", lagMs: 20, handlingMs: 4);

        var all = Assert.Single(recent.Summaries());
        var later = Assert.Single(recent.Summaries(since));

        Assert.Equal((3L, 3L, 5000.0), (all.Handled, all.Sampled, all.LagMaxMs));
        Assert.Equal((3L, 2L, 20.0, 20.0), (later.Handled, later.Sampled, later.LagMaxMs, later.LagP99Ms));
    }
}
