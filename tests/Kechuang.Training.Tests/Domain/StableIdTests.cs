using Kechuang.Training.Domain;
using Xunit;

namespace Kechuang.Training.Tests.Domain;

/// <summary>
/// A course's seat ledger is found by the id derived from the course: these are the ids the code
/// minted before the name-based ids were shared (RFC 9562 v8, SHA-256).
/// </summary>
public sealed class StableIdTests
{
    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", "583d3871-d5a5-891b-9d7e-03feee6350f9")]
    [InlineData("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", "6cb2b3bd-67a3-8a70-8492-76a8bb5926a7")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", "d9c2d0b3-2f21-8717-bb77-14844dee4f56")]
    public void A_seat_ledger_keeps_the_id_derived_from_its_course(string course, string expected) =>
        Assert.Equal(Guid.Parse(expected), SeatLedger.IdFor(Guid.Parse(course)));
}
