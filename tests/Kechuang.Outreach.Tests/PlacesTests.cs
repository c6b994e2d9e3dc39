using Kechuang.Outreach.Domain;
using Xunit;

namespace Kechuang.Outreach.Tests;

/// <summary>How a school is recognised across services that typed its name separately.</summary>
public sealed class PlacesTests
{
    [Theory]
    [InlineData("勐海县第一小学", " 勐海县 第一小学 ")]
    [InlineData("勐海县第一小学", "勐海县第一小学\u3000")]
    [InlineData("勐海县第1小学", "勐海县第１小学")]
    [InlineData("Menghai No.1 Primary", "menghai no.1 primary")]
    public void The_same_school_written_differently_is_one_school(string a, string b) =>
        Assert.Equal(
            Places.SchoolKey("云南省", "西双版纳傣族自治州", "勐海县", a),
            Places.SchoolKey("云南省", " 西双版纳傣族自治州", "勐海县 ", b));

    [Fact]
    public void Schools_of_the_same_name_in_different_counties_are_different_schools() =>
        Assert.NotEqual(
            Places.SchoolKey("云南省", "西双版纳傣族自治州", "勐海县", "第一小学"),
            Places.SchoolKey("云南省", "西双版纳傣族自治州", "勐腊县", "第一小学"));

    [Fact]
    public void A_missing_city_or_county_is_absent_not_blank()
    {
        Assert.Null(Places.Name("  "));
        Assert.Equal(Places.CountyKey("云南省", null, null), Places.CountyKey("云南省", "", " "));
    }

    [Fact]
    public void A_fact_stream_is_the_same_for_the_same_source_record_and_distinct_across_sources()
    {
        var id = Guid.NewGuid();
        Assert.Equal(ReceivedFacts.StreamId("visit", id), ReceivedFacts.StreamId("visit", id));
        Assert.NotEqual(ReceivedFacts.StreamId("visit", id), ReceivedFacts.StreamId("delivery", id));
        Assert.NotEqual(id, ReceivedFacts.StreamId("visit", id));
    }
}
