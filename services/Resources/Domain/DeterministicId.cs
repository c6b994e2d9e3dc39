using System.Security.Cryptography;
using System.Text;

namespace Kechuang.Resources.Domain;

/// <summary>A name-based UUID (RFC 9562 version 8, SHA-256): the same name always gives the same id.</summary>
public static class DeterministicId
{
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
