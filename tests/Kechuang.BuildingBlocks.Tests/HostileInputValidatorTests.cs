using System.Text;
using System.Text.Json;
using Kechuang.BuildingBlocks.Http;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>The shared rules every service reads requests with (RequestJson, InputGuard, Validator, PageRequest).</summary>
public sealed class HostileInputValidatorTests
{
    private static readonly JsonSerializerOptions Requests = RequestJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private sealed record Body(string? Name, List<string>? Topics, Dictionary<string, string>? Labels, DateTimeOffset? Start, DateOnly? Day);

    private static JsonException Refused(string json) => Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Body>(json, Requests));

    [Theory]
    [InlineData("""{"name":"a\u0000b"}""", "name")]
    [InlineData("""{"name":"a\u0007b"}""", "name")]
    [InlineData("""{"name":"a\u007fb"}""", "name")]
    [InlineData("""{"name":"a\u0085b"}""", "name")]
    [InlineData("""{"topics":["ok","bad\u001b"]}""", "topics[1]")]
    [InlineData("""{"labels":{"k":"v\u0000"}}""", "labels.k")]
    [InlineData("""{"name":"\ud800"}""", "name")]
    public void Control_characters_and_lone_surrogates_in_any_string_are_a_field_error(string json, string field)
    {
        var error = Assert.IsType<JsonFieldException>(Refused(json));
        Assert.Equal("$." + field, error.Path);
    }

    [Fact]
    public void Tab_and_line_breaks_pass_the_reader_and_a_dictionary_key_is_read()
    {
        var body = JsonSerializer.Deserialize<Body>("""{"name":"第一行\n第二行\t尾\r\n","labels":{"键":"值"}}""", Requests)!;
        Assert.Equal("第一行\n第二行\t尾\r\n", body.Name);
        Assert.Equal("值", body.Labels!["键"]);
    }

    [Theory]
    [InlineData("""{"start":"9999-12-31T20:00:00Z"}""", "start")]
    [InlineData("""{"start":"0001-01-01T00:00:00Z"}""", "start")]
    [InlineData("""{"start":"1999-12-31T23:59:59Z"}""", "start")]
    [InlineData("""{"day":"2101-01-01"}""", "day")]
    public void Dates_outside_2000_to_2100_are_a_field_error(string json, string field)
    {
        var error = Assert.IsType<JsonFieldException>(Refused(json));
        Assert.Equal("$." + field, error.Path);
        Assert.Contains("2000", error.Message);
    }

    [Fact]
    public void Dates_inside_the_range_and_wrong_types_read_as_before()
    {
        var body = JsonSerializer.Deserialize<Body>("""{"start":"2026-09-01T08:00:00+08:00","day":"2100-12-31"}""", Requests)!;
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), body.Start);
        Assert.Equal(new DateOnly(2100, 12, 31), body.Day);
        Assert.IsNotType<JsonFieldException>(Refused("""{"name":42}"""));
        Assert.IsNotType<JsonFieldException>(Refused("""{"start":"tomorrow"}"""));
        Assert.Equal("\"2026-09-01T08:00:00+08:00\"", JsonSerializer.Serialize(body.Start, Requests));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData("Utf-8")]
    [InlineData("\"utf-8\"")]
    [InlineData("\"UTF-8\"")]
    [InlineData(" utf-8 ")]
    [InlineData("csUTF8")]
    public void Every_spelling_of_utf_8_is_utf_8(string charset) => Assert.True(InputGuard.IsUtf8(charset));

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("latin1")]
    [InlineData("utf-16")]
    [InlineData("utf8x")]
    [InlineData("\"utf-8")]
    public void Other_charsets_are_not(string charset) => Assert.False(InputGuard.IsUtf8(charset));

    [Fact]
    public void A_body_with_invalid_utf8_even_in_a_property_name_is_refused()
    {
        byte[] body = [.. "{\""u8, 0xC3, 0x28, .. "\":1}"u8];
        Assert.Equal(("$", "The body is not valid UTF-8."), InputGuard.Check(body));
        Assert.Null(InputGuard.Check("""{"名称":"北京","list":[1,2,{"a":[true]}]}"""u8));
    }

    [Fact]
    public void Deep_nesting_huge_arrays_and_broken_json_are_refused()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', InputGuard.MaxDepth + 1) + new string(']', InputGuard.MaxDepth + 1));
        Assert.Equal("$", InputGuard.Check(deep)?.Field);
        var fine = Encoding.UTF8.GetBytes(new string('[', InputGuard.MaxDepth - 1) + new string(']', InputGuard.MaxDepth - 1));
        Assert.Null(InputGuard.Check(fine));

        var many = Encoding.UTF8.GetBytes("{\"topics\":[" + string.Join(",", Enumerable.Repeat("\"x\"", InputGuard.MaxArrayItems + 1)) + "]}");
        Assert.Equal("topics", InputGuard.Check(many)?.Field);
        var enough = Encoding.UTF8.GetBytes("{\"topics\":[" + string.Join(",", Enumerable.Repeat("{}", InputGuard.MaxArrayItems)) + "]}");
        Assert.Null(InputGuard.Check(enough));

        Assert.Equal(("$", "The body is not valid JSON."), InputGuard.Check("""{"a":"""u8));
        Assert.Equal(("$", "The body is not valid JSON."), InputGuard.Check("""{"a":1}}"""u8));
        Assert.Equal(("$", "The body is not valid JSON."), InputGuard.Check("   "u8));
    }

    [Theory]
    [InlineData("上海市\t", 100)]
    [InlineData("上海\n市", 300)]
    [InlineData("评语\u0000", 1000)]
    [InlineData("评语\u001b[31m", 1000)]
    public void Validator_refuses_control_characters_and_line_breaks_in_single_line_texts(string value, int max)
    {
        var v = new Validator();
        v.Text("field", value, max);
        Assert.False(v.IsValid);
        Assert.Contains("field", v.Errors.Keys);

        var optional = new Validator();
        optional.OptionalText("field", value, max);
        Assert.False(optional.IsValid);
    }

    [Fact]
    public void Validator_lets_long_texts_hold_tabs_and_line_breaks()
    {
        var v = new Validator();
        v.Text("description", "第一段\n\n第二段\t缩进\r\n", 2000);
        v.OptionalText("comment", "同意\n推荐", 1000);
        v.Text("name", "北京市西城区实验小学", 100);
        Assert.True(v.IsValid);
    }

    [Fact]
    public void Validator_bounds_lists_of_topics_grades_and_provinces()
    {
        var v = new Validator();
        v.Topics("topics", Enumerable.Repeat("physics", 5000).ToList());
        v.Grades("grades", Enumerable.Repeat("grade-1", 13).ToList());
        v.Provinces("provinces", Enumerable.Repeat("北京市", 100).ToList());
        Assert.Equal(["grades", "provinces", "topics"], v.Errors.Keys.Order());
        Assert.All(v.Errors.Values, messages => Assert.Single(messages));
    }

    [Fact]
    public void Validator_bounds_periods_to_the_years_2000_to_2100()
    {
        var v = new Validator();
        v.Period("slot", new DateTimeOffset(9999, 12, 31, 20, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue);
        v.Period("early", DateTimeOffset.MinValue, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(["early.start", "slot.end", "slot.start"], v.Errors.Keys.Order());

        var fine = new Validator();
        fine.Period("slot", new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 9, 1, 11, 0, 0, TimeSpan.FromHours(8)));
        Assert.True(fine.IsValid);
    }

    [Theory]
    [InlineData("2147483647", "50")]
    [InlineData("10737419", "200")]
    [InlineData("0", "50")]
    [InlineData("-1", "50")]
    [InlineData("1", "201")]
    [InlineData("99999999999999999999", "50")]
    public async Task Paging_beyond_what_an_offset_can_hold_is_a_400(string page, string size)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString($"?page={page}&pageSize={size}");
        await Assert.ThrowsAsync<RequestValidationException>(async () => await PageRequest.BindAsync(http));
    }

    [Fact]
    public async Task The_last_page_still_has_an_offset_that_fits()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString($"?page={PageRequest.MaxPage}&pageSize={PageRequest.MaxSize}");
        var page = await PageRequest.BindAsync(http);
        Assert.True(page.Skip > 0);
    }
}
