using System.Security.Cryptography;
using System.Text;

namespace Kechuang.BuildingBlocks.Domain;

/// <summary>
/// Name-based UUIDs (RFC 9562): the same namespace and name give the same id on every node and
/// for ever, so a stream derived from another record is found, and locked, knowing only that
/// record. Each caller keeps its own namespace; a new namespace, name format or method would give
/// every id already stored a new one, so a caller pins its ids in a test.
/// </summary>
public static class NameBasedGuid
{
    private const int StackLimit = 512;

    /// <summary>Version 5 (RFC 9562 §5.5): SHA-1 of the namespace (16 bytes, network order), then the name as UTF-8.</summary>
    public static Guid V5Sha1(Guid ns, string name) => WithNamespace(ns, name, version: 5);

    /// <summary>Version 8, name-based (RFC 9562 §5.8, Appendix B.2): SHA-256 of the namespace (16 bytes, network order), then the name as UTF-8.</summary>
    public static Guid V8Sha256(Guid ns, string name) => WithNamespace(ns, name, version: 8);

    /// <summary>Version 8 of a name given as bytes (another id's 16 bytes in network order, say), after the namespace.</summary>
    public static Guid V8Sha256(Guid ns, ReadOnlySpan<byte> name) => WithNamespace(ns, name, version: 8);

    /// <summary>
    /// Version 8 of a name that carries its namespace as a text prefix (<c>kechuang-outreach:…</c>):
    /// SHA-256 of the name's UTF-8 alone. Ids minted first this way stay so; new ones take a
    /// namespace <see cref="Guid"/>.
    /// </summary>
    public static Guid V8Sha256(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        Span<byte> utf8 = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(name, utf8);
        return Stamped(utf8, version: 8);
    }

    /// <summary>
    /// MD5 of the name's UTF-8, in .NET's <see cref="Guid(byte[])"/> byte order and without version
    /// or variant bits: not an RFC 9562 UUID (that would be version 3). The webhook deliveries' ids
    /// were minted so before this helper and must stay; new ids take <see cref="V5Sha1"/> or
    /// <see cref="V8Sha256(Guid, string)"/>.
    /// </summary>
    public static Guid UnversionedMd5(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));

    private static Guid WithNamespace(Guid ns, string name, int version)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        Span<byte> utf8 = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(name, utf8);
        return WithNamespace(ns, utf8, version);
    }

    private static Guid WithNamespace(Guid ns, ReadOnlySpan<byte> name, int version)
    {
        var length = 16 + name.Length;
        Span<byte> input = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[16..]);
        return Stamped(input, version);
    }

    /// <summary>The hash's first 16 bytes, with the version and the RFC 9562 variant set.</summary>
    private static Guid Stamped(ReadOnlySpan<byte> input, int version)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (version == 5) SHA1.HashData(input, hash);
        else SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | (version << 4));
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
