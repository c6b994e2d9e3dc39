using Kechuang.Outreach.Domain;
using Xunit;

namespace Kechuang.Outreach.Tests;

/// <summary>
/// A received fact is found again by the stream id derived from its source record, so a fact that
/// arrives again is not counted twice: these are the ids the code minted before the name-based
/// ids were shared (RFC 9562 v8, SHA-256).
/// </summary>
public sealed class StableIdTests
{
    [Theory]
    [InlineData("visit", "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "ff53be93-4dc0-8caa-8db1-724e632a226b")]
    [InlineData("delivery", "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "e8f1a245-b5ff-8169-aa7c-82dc10ad796a")]
    [InlineData("enrolment", "ffffffff-ffff-ffff-ffff-ffffffffffff", "98e90bad-c964-8291-b452-ce016677ea21")]
    [InlineData("pilot", "00000000-0000-0000-0000-000000000000", "a874fe1d-1086-8be0-8250-84f63ecd67ec")]
    [InlineData("试点", "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "e235b63f-9c4a-8bad-8ad0-6de1b1ac073a")]
    [InlineData("", "00000000-0000-0000-0000-000000000000", "503200f3-3fdf-8260-94fb-4645f9045164")]
    public void A_received_fact_keeps_the_stream_id_derived_from_its_source(string source, string sourceId, string expected) =>
        Assert.Equal(Guid.Parse(expected), ReceivedFacts.StreamId(source, Guid.Parse(sourceId)));
}
