using Kechuang.Experts.Domain;
using Xunit;

namespace Kechuang.Experts.Tests.Rules;

/// <summary>
/// An expert's schedule stream is found by the id derived from the expert: these are the ids the
/// code minted before the name-based ids were shared (RFC 9562 v8, SHA-256).
/// </summary>
public sealed class StableIdTests
{
    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", "93d1e28d-28a1-8fad-a235-036a7cf68813")]
    [InlineData("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "b3d6c5b0-5bc3-8463-a32f-798d83b239e7")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", "61e1eaf4-b2bb-8284-804f-14dba652747a")]
    public void An_experts_schedule_keeps_the_id_derived_from_the_expert(string expert, string expected) =>
        Assert.Equal(Guid.Parse(expected), ExpertSchedule.StreamIdFor(Guid.Parse(expert)));
}
