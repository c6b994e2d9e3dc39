using Kechuang.Training.Domain;
using Xunit;

namespace Kechuang.Training.Tests.Domain;

public sealed class CertificateCodeTests
{
    [Fact]
    public void Codes_are_prefixed_groups_of_crockford_base32_carrying_100_random_bits()
    {
        var code = CertificateCode.New();
        Assert.Matches("^KC(-[0-9A-HJKMNP-TV-Z]{4}){5}$", code);
    }

    [Fact]
    public void Ten_thousand_codes_are_all_different()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => CertificateCode.New()).ToHashSet();
        Assert.Equal(10_000, codes.Count);
    }

    [Fact]
    public void Typed_codes_are_read_forgivingly()
    {
        var code = CertificateCode.New();
        var sloppy = code.ToLowerInvariant().Replace("-", " ").Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(code, CertificateCode.Normalize(sloppy));
        Assert.Equal(code, CertificateCode.Normalize(code[3..].Replace("-", "")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("KC-1234")]
    [InlineData("KC-UUUU-UUUU-UUUU-UUUU-UUUU")]
    [InlineData("'; drop table certificates; --")]
    public void Things_that_cannot_be_codes_are_rejected(string typed) => Assert.Null(CertificateCode.Normalize(typed));
}
