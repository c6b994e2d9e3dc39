using System.Text.Json;
using Kechuang.Load.Http;

namespace Kechuang.Load.Verification;

/// <summary>Every item of a paged list (<c>{items, total, page, pageSize}</c>), 200 at a time.</summary>
public static class Paging
{
    public static async Task<List<JsonElement>> AllAsync(Client gateway, string path, Partner caller, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var page = 1; ; page++)
        {
            var reply = await gateway.SendUntilAnsweredAsync(Call.Get($"{path}{separator}page={page}&pageSize=200", caller), ct);
            var batch = reply.Json.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(batch);
            if (batch.Count < 200 || items.Count >= reply.Json.GetProperty("total").GetInt64()) return items;
        }
    }
}
