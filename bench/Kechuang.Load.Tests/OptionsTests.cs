using Kechuang.Load.Modes;
using Xunit;

namespace Kechuang.Load.Tests;

/// <summary>The command line of ./kechuang bench, and how the scale run reads its timeline.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Scale_compares_one_replica_with_two_unless_told()
    {
        Assert.Equal(2, Options.Parse(["scale"]).Replicas);
        Assert.Equal(3, Options.Parse(["scale", "--replicas", "3"]).Replicas);
        Assert.Null(Options.Parse(["load"]).Replicas);
        Assert.Equal(2, Options.Parse(["load", "--replicas", "2"]).Replicas);
    }

    [Theory]
    [InlineData("scale", "load")]
    [InlineData("scale", "--replicas", "1")]
    [InlineData("scale", "--url", "http://localhost:5080")]
    [InlineData("load", "--replicas", "5")]
    [InlineData("load", "--replicas", "0")]
    [InlineData("faults", "--replicas", "2")]
    [InlineData("load", "--url", "http://localhost:5080", "--replicas", "2")]
    public void Combinations_that_cannot_run_are_refused_before_anything_starts(params string[] args) =>
        Assert.Throws<ArgumentException>(() => Options.Parse(args));

    [Fact]
    public void A_kill_counts_the_failures_until_the_next_kill_and_when_the_last_was()
    {
        // Seconds 0..9: failures at 3 and 5 (after the kill at 2.5), and at 8 (after the next kill, at 7).
        var timeline = Enumerable.Range(0, 10).Select(s => (Ok: 100L, Failed: s is 3 or 5 or 8 ? 2L : 0L)).ToList();
        var kill = new ScaleMode.Kill("experts", "host-experts-abc", 42, 2.5, 1.0, 2.0, null, 0, null);

        var recovered = ScaleMode.Recovered(kill, timeline, until: 7);

        Assert.Equal(4, recovered.FailedRequests);
        Assert.Equal(3.5, recovered.RequestsRecoveredAfter); // the end of second 5, 3.5 s after the kill
        Assert.Equal(0, ScaleMode.Recovered(kill with { At = 9 }, timeline, until: 10).RequestsRecoveredAfter);
        // The next kill at 8.4: its second (8) is its own, not this one's.
        Assert.Equal(4, ScaleMode.Recovered(kill, timeline, until: 8.4).FailedRequests);
    }
}
