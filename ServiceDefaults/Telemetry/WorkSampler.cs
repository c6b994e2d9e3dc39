using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Kechuang.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps the traces of work and drops those of polling. A span inside a trace follows its parent
/// (a request or a consumed message keeps every child). A root span is kept when it is work by
/// nature: a request served, a message consumed, a page of events the async daemon processed
/// (<c>marten.&lt;shard&gt;.page.execution</c>), or one of Kechuang's own spans (the event bridge
/// publishing, the webhook dispatcher delivering), which only start when there is something to do. Every other root span — the async daemon's high-water mark poll, leader
/// election, a query or HTTP call no request started — is background and kept at
/// <c>Kechuang:Telemetry:BackgroundSamplingRatio</c> (default 0: none). The roots of work are kept
/// at <c>Kechuang:Telemetry:SamplingRatio</c> (default 1: all), decided by the trace id; the services
/// behind the gateway follow its decision. At the edge (<c>Kechuang:Telemetry:Edge</c>, which the
/// gateway sets) a request's incoming sampling flag is not believed: a caller can neither hide its
/// requests from the traces nor make every one of them recorded.
/// </summary>
public sealed class WorkSampler(double backgroundRatio, double workRatio = 1, bool edge = false) : Sampler
{
    public const string RatioKey = "Kechuang:Telemetry:BackgroundSamplingRatio";
    public const string WorkRatioKey = "Kechuang:Telemetry:SamplingRatio";
    public const string EdgeKey = "Kechuang:Telemetry:Edge";
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly Sampler _background = new TraceIdRatioBasedSampler(Math.Clamp(backgroundRatio, 0, 1));
    private readonly Sampler _work = workRatio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(Math.Clamp(workRatio, 0, 1));

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        var parent = parameters.ParentContext;
        if (parent.TraceId != default)
        {
            if (edge && parent.IsRemote && parameters.Kind == ActivityKind.Server) return _work.ShouldSample(parameters);
            return parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? Keep : Drop;
        }
        return IsWork(parameters) ? _work.ShouldSample(parameters) : _background.ShouldSample(parameters);
    }

    private static bool IsWork(in SamplingParameters root) =>
        root.Kind is ActivityKind.Server or ActivityKind.Consumer
        || (root.Kind == ActivityKind.Internal
            && (!root.Name.StartsWith("marten", StringComparison.Ordinal) || root.Name.EndsWith(".page.execution", StringComparison.Ordinal)));
}
