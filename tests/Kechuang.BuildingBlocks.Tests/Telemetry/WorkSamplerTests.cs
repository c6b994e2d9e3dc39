using System.Diagnostics;
using Kechuang.ServiceDefaults.Telemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Telemetry;

/// <summary>Which spans the sampler keeps: work and everything inside it, not idle polling.</summary>
public sealed class WorkSamplerTests
{
    private static readonly ActivityContext Root = default;

    private static bool Kept(Sampler sampler, string name, ActivityKind kind, ActivityContext parent = default) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, kind)).Decision
            == SamplingDecision.RecordAndSample;

    private static ActivityContext Parent(bool recorded) =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(),
            recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);

    [Theory]
    [InlineData("POST /api/v1/experts/{id}/vetting", ActivityKind.Server)]
    [InlineData("kechuang-training-expert-vetted receive", ActivityKind.Consumer)]
    [InlineData("ExpertVetted bridge", ActivityKind.Internal)]
    [InlineData("marten.eventbridge.all.page.execution", ActivityKind.Internal)]
    public void A_root_span_of_work_is_kept(string name, ActivityKind kind) =>
        Assert.True(Kept(new WorkSampler(0), name, kind, Root));

    [Theory]
    [InlineData("marten.daemon.highwatermark", ActivityKind.Internal)]
    [InlineData("kechuang_experts", ActivityKind.Client)]
    [InlineData("GET", ActivityKind.Client)]
    [InlineData("send", ActivityKind.Producer)]
    public void A_root_span_of_background_polling_is_dropped_by_default(string name, ActivityKind kind) =>
        Assert.False(Kept(new WorkSampler(0), name, kind, Root));

    [Fact]
    public void Background_polling_is_kept_when_the_ratio_says_so() =>
        Assert.True(Kept(new WorkSampler(1), "marten.daemon.highwatermark", ActivityKind.Internal, Root));

    [Theory]
    [InlineData("marten.daemon.highwatermark", ActivityKind.Internal)]
    [InlineData("kechuang_experts", ActivityKind.Client)]
    [InlineData("GET", ActivityKind.Client)]
    public void A_span_inside_a_kept_trace_is_kept_and_inside_a_dropped_one_dropped(string name, ActivityKind kind)
    {
        Assert.True(Kept(new WorkSampler(0), name, kind, Parent(recorded: true)));
        Assert.False(Kept(new WorkSampler(1), name, kind, Parent(recorded: false)));
    }

    [Fact]
    public void Work_is_sampled_by_its_trace_id_at_the_work_ratio()
    {
        var sampler = new WorkSampler(0, workRatio: 0.25);
        var kept = Enumerable.Range(0, 4000)
            .Count(_ => Kept(sampler, "GET /api/v1/resources", ActivityKind.Server, Root));
        Assert.InRange(kept, 800, 1200);

        var traceId = ActivityTraceId.CreateRandom();
        var first = sampler.ShouldSample(new SamplingParameters(Root, traceId, "GET /api/v1/resources", ActivityKind.Server)).Decision;
        var again = sampler.ShouldSample(new SamplingParameters(Root, traceId, "kechuang-training-expert-vetted receive", ActivityKind.Consumer)).Decision;
        Assert.Equal(first, again);
    }

    [Fact]
    public void No_work_is_kept_at_a_work_ratio_of_zero() =>
        Assert.False(Kept(new WorkSampler(1, workRatio: 0), "GET /api/v1/resources", ActivityKind.Server, Root));

    [Fact]
    public void At_the_edge_a_callers_sampling_flag_is_not_believed()
    {
        // A caller that marks its request unsampled is traced all the same, and one that marks it sampled is not forced in.
        Assert.True(Kept(new WorkSampler(0, workRatio: 1, edge: true), "GET /api/v1/resources", ActivityKind.Server, Parent(recorded: false)));
        Assert.False(Kept(new WorkSampler(0, workRatio: 0, edge: true), "GET /api/v1/resources", ActivityKind.Server, Parent(recorded: true)));
        // Behind the edge the gateway's decision is followed.
        Assert.False(Kept(new WorkSampler(0, workRatio: 1), "GET /api/v1/resources", ActivityKind.Server, Parent(recorded: false)));
        Assert.True(Kept(new WorkSampler(0, workRatio: 1, edge: true), "kechuang-gateway-access receive", ActivityKind.Consumer, Parent(recorded: true)));
    }
}
