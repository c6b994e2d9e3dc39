using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Resources;

/// <summary>The body of <c>POST /resources</c> and <c>PUT /resources/{id}</c>.</summary>
public sealed record ResourceRequest(
    [property: MaxChars(ResourceRequest.TitleMax)] string? Title, [property: MaxChars(ResourceRequest.SummaryMax)] string? Summary,
    ResourceKind? Kind, [property: InVocabulary(VocabularyKind.Topic)] IReadOnlyList<string>? Topics,
    [property: InVocabulary(VocabularyKind.Grade)] IReadOnlyList<string>? Grades, ResourceFormat? Format,
    [property: MaxChars(ResourceRequest.ProviderMax)] string? Provider, [property: MaxChars(ResourceRequest.LicenseMax)] string? License,
    string? Url, [property: MaxChars(ResourceRequest.BodyMax)] string? Body)
{
    public const int TitleMax = 200;
    public const int SummaryMax = 1000;
    public const int BodyMax = 20_000;
    public const int ProviderMax = 200;
    public const int LicenseMax = 100;

    public Validator Validate()
    {
        var v = new Validator();
        v.Text("title", Title, TitleMax);
        v.Text("summary", Summary, SummaryMax);
        v.Required("kind", Kind);
        v.Topics("topics", Topics);
        v.Grades("grades", Grades);
        v.Required("format", Format);
        v.Text("provider", Provider, ProviderMax);
        v.Text("license", License, LicenseMax);
        v.Url("url", Url);
        v.OptionalText("body", Body, BodyMax);
        if (string.IsNullOrWhiteSpace(Url) && string.IsNullOrWhiteSpace(Body))
            v.Add("url", "is required when there is no body: a resource needs its content, a link or the text itself.");
        return v;
    }

    /// <summary>The validated content; call only when <see cref="Validate"/> found nothing.</summary>
    public ResourceContent ToContent() => new(
        Title!.Trim(), Summary!.Trim(), Kind!.Value, Topics!.Distinct().ToList(), Grades!.Distinct().ToList(), Format!.Value,
        Provider!.Trim(), License!.Trim(), string.IsNullOrWhiteSpace(Url) ? null : Url.Trim(),
        string.IsNullOrWhiteSpace(Body) ? null : Body);
}
