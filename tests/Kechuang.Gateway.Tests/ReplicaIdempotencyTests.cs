using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Idempotency records live in PostgreSQL: a retry that lands on the other replica replays the first answer.</summary>
public sealed partial class ReplicaTests
{
    private static HttpRequestMessage KeyCreation(string name, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys") { Content = JsonContent.Create(new { name, role = "reader" }) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<int> KeysNamed(string name)
    {
        var list = await nodes.First.Admin().GetFromJsonAsync<JsonElement>("/api/v1/api-keys?pageSize=200");
        return list.GetProperty("items").EnumerateArray().Count(k => k.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task A_retry_landing_on_the_other_node_replays_the_first_answer_without_the_key()
    {
        var name = $"retried elsewhere {Guid.NewGuid():N}";
        var idempotencyKey = Guid.NewGuid().ToString();
        var first = await nodes.First.Admin().SendAsync(KeyCreation(name, idempotencyKey));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var secret = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        var retry = await nodes.Second.Admin().SendAsync(KeyCreation(name, idempotencyKey));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.DoesNotContain(secret, await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await KeysNamed(name));
    }

    [Fact]
    public async Task Retries_sent_at_once_to_both_nodes_have_one_effect()
    {
        var name = $"split retries {Guid.NewGuid():N}";
        var idempotencyKey = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? nodes.First : nodes.Second).Admin().SendAsync(KeyCreation(name, idempotencyKey))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Headers.Location?.ToString()).Distinct());
        Assert.Equal(9, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await KeysNamed(name));
    }
}
