using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Subscriptions;

/// <summary><c>school: {name, province, city, county, rural}</c> in subscriptions and deliveries.</summary>
public sealed record SchoolRequest(
    [property: MaxChars(SchoolRequest.NameMax)] string? Name, [property: InVocabulary(VocabularyKind.Province)] string? Province,
    [property: MaxChars(SchoolRequest.PlaceMax)] string? City, [property: MaxChars(SchoolRequest.PlaceMax)] string? County, bool? Rural)
{
    public const int NameMax = 200;
    public const int PlaceMax = 100;

    public static void Validate(Validator v, string field, SchoolRequest? school)
    {
        if (!v.Required(field, school)) return;
        v.Text($"{field}.name", school!.Name, NameMax);
        v.Province($"{field}.province", school.Province);
        v.Text($"{field}.city", school.City, PlaceMax);
        v.OptionalText($"{field}.county", school.County, PlaceMax);
        v.Required($"{field}.rural", school.Rural);
    }

    public School ToSchool() => new(Name!.Trim(), Province!, City!.Trim(),
        string.IsNullOrWhiteSpace(County) ? null : County.Trim(), Rural!.Value);
}
