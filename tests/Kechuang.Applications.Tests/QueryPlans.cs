using System.Text.Json;
using Npgsql;

namespace Kechuang.Applications.Tests;

/// <summary>PostgreSQL's plan of a statement Marten would run (EXPLAIN, FORMAT JSON), and what it reads.</summary>
internal static class QueryPlans
{
    public static async Task<JsonElement> ExplainAsync(NpgsqlConnection connection, NpgsqlCommand command)
    {
        await using var explain = new NpgsqlCommand($"explain (format json) {command.CommandText}", connection);
        foreach (NpgsqlParameter parameter in command.Parameters) explain.Parameters.Add(parameter.Clone());
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        return plan.RootElement[0].GetProperty("Plan").Clone();
    }

    public static IReadOnlyList<string> IndexNames(JsonElement plan) => [.. Nodes(plan).Select(n => Text(n, "Index Name")).OfType<string>()];

    public static IReadOnlyList<string> NodeTypes(JsonElement plan) => [.. Nodes(plan).Select(n => Text(n, "Node Type")).OfType<string>()];

    private static string? Text(JsonElement node, string property) => node.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (!node.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
            foreach (var descendant in Nodes(child)) yield return descendant;
    }
}
