using Kechuang.BuildingBlocks.Domain;
using Kechuang.Contracts;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>
/// The services validate regions and topics against Contracts' lists, the ones the dashboard
/// offers in its filters: one list each, 32 regions and 16 topics.
/// </summary>
public sealed class VocabularyTests
{
    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("010-68518519", true)]
    [InlineData("0871-65033559-123", true)]
    [InlineData("13800138000\n", false)]
    [InlineData("13８００１３８０００", false)]
    [InlineData("0１0-68518519", false)]
    public void A_phone_is_what_the_schemas_pattern_says_ASCII_digits_and_no_trailing_line_break(string phone, bool valid) =>
        Assert.Equal(valid, Vocabulary.IsPhone(phone));

    [Fact]
    public void Provinces_are_Contracts_list_and_only_its_entries_are_provinces()
    {
        Assert.Same(Vocabularies.Provinces, Vocabulary.Provinces);
        Assert.Equal(32, Vocabulary.Provinces.Count);
        Assert.Equal("北京市", Vocabulary.Provinces[0]);
        Assert.Equal("新疆生产建设兵团", Vocabulary.Provinces[^1]);
        Assert.All(Vocabularies.Provinces, p => Assert.True(Vocabulary.IsProvince(p), p));
        Assert.False(Vocabulary.IsProvince("火星"));
        Assert.False(Vocabulary.IsProvince("北京"));
        Assert.False(Vocabulary.IsProvince(null));
    }

    [Fact]
    public void Topics_are_Contracts_list_and_only_its_entries_are_topics()
    {
        Assert.Same(Vocabularies.Topics, Vocabulary.Topics);
        Assert.Equal(16, Vocabulary.Topics.Count);
        Assert.All(Vocabularies.Topics, t => Assert.True(Vocabulary.IsTopic(t), t));
        Assert.False(Vocabulary.IsTopic("Robotics"));
        Assert.False(Vocabulary.IsTopic(null));
    }

    [Fact]
    public void Every_topic_has_one_Chinese_name_worded_as_the_notice_words_it()
    {
        Assert.Equal(Vocabularies.Topics.Order(), Vocabularies.TopicNames.Keys.Order());
        Assert.Equal("科学节", Vocabularies.TopicNames["science-festival"]);
        Assert.Equal(16, Vocabularies.TopicNames.Values.Distinct().Count());
    }
}
