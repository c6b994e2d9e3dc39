using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Applications.Applications;

/// <summary>The applicant block of the form; members are nullable so every missing field is reported at once.</summary>
public sealed record ApplicantInput(
    [property: MaxChars(ApplicationForm.NameMax)] string? Name, ApplicantType? Type, [property: InVocabulary(VocabularyKind.Province)] string? Province,
    [property: MaxChars(ApplicationForm.PlaceMax)] string? City, [property: MaxChars(ApplicationForm.PlaceMax)] string? County,
    [property: MaxChars(ApplicationForm.AddressMax)] string? Address, [property: MaxChars(ApplicationForm.ContactNameMax)] string? ContactName,
    [property: Matches(Vocabulary.PhoneShape)] string? Phone, [property: MaxChars(Vocabulary.EmailMax)] string? Email);

/// <summary>The electronic form of 附件1 (pilot unit) and 附件2 (pilot city), for create and edit alike.</summary>
public sealed record ApplicationForm(
    Guid? CallId, PilotKind? Kind, ApplicantInput? Applicant, [property: MaxChars(ApplicationForm.NarrativeMax)] string? TrackRecord,
    [property: MaxChars(ApplicationForm.NarrativeMax)] string? WorkPlan)
{
    public const int NarrativeMax = 1000;

    // The limits of the applicant's fields: the schemas state them (SchemaLimits.cs), Validate checks them.
    internal const int NameMax = 200, PlaceMax = 50, AddressMax = 300, ContactNameMax = 50;

    /// <summary>
    /// Every field error at once. <paramref name="call"/> is the call <see cref="CallId"/> names, or
    /// null when there is none; a province role applies for its own province only.
    /// </summary>
    public Validator Validate(Call? call, Actor actor)
    {
        var v = new Validator();
        if (v.Required("callId", CallId) && call is null) v.Add("callId", "is not a call.");
        if (v.Required("kind", Kind) && call is not null && !call.Kinds.Contains(Kind!.Value))
            v.Add("kind", $"this call does not accept {ApiEnum.Name(Kind.Value)} applications.");

        if (Applicant is not { } a) v.Add("applicant", "is required.");
        else
        {
            v.Text("applicant.name", a.Name, NameMax);
            if (v.Required("applicant.type", a.Type) && Kind == PilotKind.PilotCity && a.Type != ApplicantType.CityAssociation)
                v.Add("applicant.type", "a pilot city application (附件2) must come from a city science association (city-association).");
            v.Province("applicant.province", a.Province);
            if (a.Province is not null && !actor.CoversProvince(a.Province))
                v.Add("applicant.province", $"must be your own province ({actor.Province}).");
            v.Text("applicant.city", a.City, PlaceMax);
            v.OptionalText("applicant.county", a.County, PlaceMax);
            v.Text("applicant.address", a.Address, AddressMax);
            v.Text("applicant.contactName", a.ContactName, ContactNameMax);
            v.Phone("applicant.phone", a.Phone);
            v.Email("applicant.email", a.Email);
        }

        v.Text("trackRecord", TrackRecord, NarrativeMax);
        v.Text("workPlan", WorkPlan, NarrativeMax);
        return v;
    }

    /// <summary>The validated applicant, trimmed as stored.</summary>
    public Applicant ToApplicant()
    {
        var a = Applicant!;
        var county = a.County?.Trim();
        return new Applicant(a.Name!.Trim(), a.Type!.Value, a.Province!, a.City!.Trim(), string.IsNullOrEmpty(county) ? null : county,
            a.Address!.Trim(), a.ContactName!.Trim(), a.Phone!.Trim(), a.Email!.Trim());
    }
}
