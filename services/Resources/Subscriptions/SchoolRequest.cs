using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Subscriptions;

/// <summary><c>school: {name, province, city, county, rural}</c> in subscriptions and deliveries.</summary>
public sealed record SchoolRequest(string? Name, string? Province, string? City, string? County, bool? Rural)
{
    public static void Validate(Validator v, string field, SchoolRequest? school)
    {
        if (!v.Required(field, school)) return;
        v.Text($"{field}.name", school!.Name, 200);
        v.Province($"{field}.province", school.Province);
        v.Text($"{field}.city", school.City, 100);
        v.OptionalText($"{field}.county", school.County, 100);
        v.Required($"{field}.rural", school.Rural);
    }

    public School ToSchool() => new(Name!.Trim(), Province!, City!.Trim(),
        string.IsNullOrWhiteSpace(County) ? null : County.Trim(), Rural!.Value);
}
