using System.Text.Json;

namespace Kechuang.Dashboard.Api;

/// <summary>An RFC 9457 problem from the API: its <c>code</c> and, for 400, the errors by field.</summary>
public sealed record ApiProblem(int Status, string Code, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public static ApiProblem Unavailable(string detail) => new(503, "unavailable", "The service is not reachable.", detail, NoErrors);

    /// <summary>The messages for one field (e.g. <c>comment</c>, <c>applicant.phone</c>), or null.</summary>
    public string? For(string field) =>
        Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    public bool Has(string field) => Errors.ContainsKey(field);

    public static ApiProblem Parse(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                foreach (var field in e.EnumerateObject())
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                        : [field.Value.ToString()];
            return new ApiProblem(status, Text("code") ?? $"http_{status}", Text("title") ?? "", Text("detail"), errors);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, $"http_{status}", "", null, NoErrors);
        }
    }
}

/// <summary>What a call gave: the value (and the record's version from its ETag), or the problem.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem, long? Version = null)
{
    public bool Ok => Problem is null;
}

/// <summary>A page of a list: <c>{items, total, page, pageSize}</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize)
{
    public static readonly Paged<T> Empty = new([], 0, 1, 0);
}
