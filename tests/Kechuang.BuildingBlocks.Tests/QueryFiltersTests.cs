using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>The one set of query-string filters every service's lists read (and <see cref="ApiEnum"/>, the one enum-to-text).</summary>
public sealed class QueryFiltersTests
{
    private enum Shade
    {
        Light,
        DeepSeaBlue,
        Dark,
    }

    private static IDictionary<string, string[]> ErrorsOf(Action<Validator> read)
    {
        var v = new Validator();
        read(v);
        return v.Errors;
    }

    [Fact]
    public void An_enum_is_spelled_in_kebab_case_both_ways_and_as_json_spells_it() =>
        WireNames.AreExactly((Shade.Light, "light"), (Shade.DeepSeaBlue, "deep-sea-blue"), (Shade.Dark, "dark"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_absent_or_empty_filter_is_no_filter_and_no_error(string? raw)
    {
        var v = new Validator();
        Assert.Null(v.Enum<Shade>("shade", raw));
        Assert.Empty(v.Enums<Shade>("shades", raw is null ? null : new[] { raw }));
        Assert.Null(v.Boolean("flag", raw));
        Assert.Null(v.Id("id", raw));
        Assert.Null(v.Int("year", raw, 2000, 2100));
        Assert.Null(v.ProvinceFilter("province", raw));
        Assert.Null(v.TextFilter("q", raw is null ? null : raw + "  ", 10));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void Known_values_are_read()
    {
        var v = new Validator();
        Assert.Equal(Shade.DeepSeaBlue, v.Enum<Shade>("shade", "deep-sea-blue"));
        Assert.Equal([Shade.Light, Shade.Dark], v.Enums<Shade>("shades", ["light", "dark"]));
        Assert.True(v.Boolean("flag", "true"));
        Assert.False(v.Boolean("flag", "false"));
        Assert.Equal(Guid.Parse("6f1c3f0e-8d1b-4b8e-9a56-3f0d2f1e4c11"), v.Id("id", "6f1c3f0e-8d1b-4b8e-9a56-3f0d2f1e4c11"));
        Assert.Equal(2026, v.Int("year", "2026", 2000, 2100));
        Assert.Equal("广东省", v.ProvinceFilter("province", "广东省"));
        Assert.Equal("机器人", v.TextFilter("q", "  机器人 ", 10));
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData("DeepSeaBlue")]
    [InlineData("DEEP-SEA-BLUE")]
    [InlineData("deep_sea_blue")]
    [InlineData("1")]
    [InlineData("purple")]
    public void An_unknown_enum_value_is_a_field_error_listing_the_names(string raw)
    {
        var errors = ErrorsOf(v => Assert.Null(v.Enum<Shade>("shade", raw)));
        Assert.Equal(["must be one of: light, deep-sea-blue, dark."], errors["shade"]);
    }

    [Fact]
    public void Any_unknown_value_of_a_repeated_filter_is_an_error_on_its_field()
    {
        var v = new Validator();
        Assert.Equal([Shade.Light], v.Enums<Shade>("shade", ["light", "purple"]));
        Assert.Equal(["must be one of: light, deep-sea-blue, dark."], v.Errors["shade"]);
    }

    [Fact]
    public void Bad_flags_ids_numbers_provinces_and_texts_are_field_errors()
    {
        var errors = ErrorsOf(v =>
        {
            v.Boolean("flag", "yes");
            v.Id("id", "42");
            v.Int("year", "1999", 2000, 2100);
            v.Int("page", "two", 1, 9);
            v.ProvinceFilter("province", "火星");
            v.TextFilter("q", "一二三四五六七八九十十一", 10);
        });
        Assert.Equal(["must be true or false."], errors["flag"]);
        Assert.Equal(["must be a UUID."], errors["id"]);
        Assert.Equal(["must be a whole number from 2000 to 2100."], errors["year"]);
        Assert.Equal(["must be a whole number from 1 to 9."], errors["page"]);
        Assert.Equal(["is not a provincial-level division of mainland China (e.g. 北京市, 广东省)."], errors["province"]);
        Assert.Equal(["must have at most 10 characters (it has 12)."], errors["q"]);
    }
}
