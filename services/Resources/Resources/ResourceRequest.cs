using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Resources;

/// <summary>The body of <c>POST /resources</c> and <c>PUT /resources/{id}</c>.</summary>
public sealed record ResourceRequest(
    string? Title, string? Summary, ResourceKind? Kind, IReadOnlyList<string>? Topics, IReadOnlyList<string>? Grades,
    ResourceFormat? Format, string? Provider, string? License, string? Url, string? Body)
{
    public const int TitleMax = 200;
    public const int SummaryMax = 1000;
    public const int BodyMax = 20_000;

    public Validator Validate()
    {
        var v = new Validator();
        v.Text("title", Title, TitleMax);
        v.Text("summary", Summary, SummaryMax);
        v.Required("kind", Kind);
        v.Topics("topics", Topics);
        v.Grades("grades", Grades);
        v.Required("format", Format);
        v.Text("provider", Provider, 200);
        v.Text("license", License, 100);
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
