using System.Text.Json.Serialization;

namespace Kechuang.Training.Domain;

/// <summary>A teacher as enrolled: their school, where it is, and how to reach them.</summary>
public sealed record Teacher(
    string Name, string School, string Province, string City, string County, bool Rural, string Phone, string Email)
{
    /// <summary>The phone as compared for duplicates: digits only (<c>010-68518519</c> = <c>01068518519</c>).</summary>
    [JsonIgnore]
    public string PhoneKey => new(Phone.Where(char.IsAsciiDigit).ToArray());

    /// <summary>The e-mail as compared for duplicates: trimmed, lower case.</summary>
    [JsonIgnore]
    public string EmailKey => Email.Trim().ToLowerInvariant();
}
