using Kechuang.BuildingBlocks.Domain;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>The name-based ids every service derives its locked and deduplicated streams with.</summary>
public sealed class NameBasedGuidTests
{
    private static readonly Guid Dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    [Fact]
    public void Version_5_gives_the_RFC_9562_example() =>
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), NameBasedGuid.V5Sha1(Dns, "www.example.com"));

    [Fact]
    public void Version_8_with_SHA_256_gives_the_RFC_9562_example() =>
        Assert.Equal(Guid.Parse("5c146b14-3c52-8afd-938a-375d0df1fbf6"), NameBasedGuid.V8Sha256(Dns, "www.example.com"));

    [Fact]
    public void A_name_as_bytes_is_the_same_name_as_its_UTF_8_text() =>
        Assert.Equal(NameBasedGuid.V8Sha256(Dns, "广东省"), NameBasedGuid.V8Sha256(Dns, "广东省"u8));

    [Fact]
    public void Empty_and_long_names_are_names_too()
    {
        Assert.Equal(Guid.Parse("4ebd0208-8328-5d69-8c44-ec50939c0967"), NameBasedGuid.V5Sha1(Dns, ""));
        Assert.Equal(Guid.Parse("39842d19-0c76-5097-8350-dbc7a52b1618"), NameBasedGuid.V5Sha1(Dns, new string('科', 300)));
    }

    [Fact]
    public void A_name_without_a_namespace_is_the_SHA_256_of_its_text_with_the_version_8_bits() =>
        // SHA-256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924…: the version nibble becomes 8.
        Assert.Equal(Guid.Parse("e3b0c442-98fc-8c14-9afb-f4c8996fb924"), NameBasedGuid.V8Sha256(""));

    [Fact]
    public void The_unversioned_MD5_is_the_hash_in_dotnet_byte_order() =>
        // MD5("") = d41d8cd9 8f00b204 e9800998 ecf8427e, the first three fields read little-endian.
        Assert.Equal(Guid.Parse("d98c1dd4-008f-04b2-e980-0998ecf8427e"), NameBasedGuid.UnversionedMd5(""));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("新疆维吾尔自治区/乌鲁木齐市")]
    public void Every_name_based_id_carries_its_version_and_the_RFC_variant(string name)
    {
        foreach (var (id, version) in new[] { (NameBasedGuid.V5Sha1(Dns, name), 5), (NameBasedGuid.V8Sha256(Dns, name), 8), (NameBasedGuid.V8Sha256(name), 8) })
        {
            Assert.Equal(version, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);
        }
    }
}
