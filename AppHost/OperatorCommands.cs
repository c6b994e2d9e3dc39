using System.Text.Json;

namespace Kechuang.AppHost;

/// <summary>
/// The runbook's tools (<c>./kechuang ops …</c>) as commands on each service's resource in the
/// Aspire dashboard: they call the same operator routes through the gateway with the bootstrap
/// admin key, ask for confirmation where they change something, and show the answer.
/// </summary>
public static class OperatorCommands
{
    public const string Backlog = "show-bridge-backlog";
    public const string Errors = "show-error-queues";
    public const string Replay = "replay-error-queue";
    public const string Rebuild = "rebuild-projection";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Adds the four commands to <paramref name="resource"/>, operating service <paramref name="service"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithOperatorCommands(
        this IResourceBuilder<ProjectResource> resource, string service,
        IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> adminKey)
    {
        var ops = new Ops(service, gateway.GetEndpoint("http"), adminKey.Resource);
        return resource
            .WithCommand(Backlog, "Show bridge backlog",
                context => ops.SendAsync(HttpMethod.Get, "/bridge", "Bridge and projections", context.CancellationToken),
                new CommandOptions
                {
                    Description = "Events committed vs published by the bridge, and each projection's position (./kechuang ops backlog).",
                    IconName = "DataUsage",
                    UpdateState = Running,
                })
            .WithCommand(Errors, "Show error queues",
                context => ops.SendAsync(HttpMethod.Get, "/errors?peek=5", "Consumer queues", context.CancellationToken),
                new CommandOptions
                {
                    Description = "Consumer queues and the first messages waiting in their _error queues (./kechuang ops errors).",
                    IconName = "ErrorCircle",
                    UpdateState = Running,
                })
            .WithCommand(Replay, "Replay error queue",
                context => ops.ReplayAsync(context.Arguments, context.CancellationToken),
                new CommandOptions
                {
                    Description = "Move messages from <queue>_error back to <queue> after the fault is fixed (./kechuang ops replay).",
                    ConfirmationMessage = $"Move the failed messages of the chosen {service} queue back to it?",
                    IconName = "ArrowRepeatAll",
                    UpdateState = Running,
                    Arguments =
                    [
                        new InteractionInput { Name = "queue", Label = "Queue", InputType = InputType.Text, Required = true, MaxLength = 200, Placeholder = "the queue's name, without _error" },
                        new InteractionInput { Name = "max", Label = "At most", InputType = InputType.Number, Value = "1000", Description = "1 to 10,000 messages." },
                    ],
                })
            .WithCommand(Rebuild, "Rebuild projection…",
                context => ops.RebuildAsync(context.Arguments, context.CancellationToken),
                new CommandOptions
                {
                    Description = "Rebuild one projection from the event store (./kechuang ops rebuild).",
                    ConfirmationMessage = $"Rebuild the chosen {service} projection from the event store? Its reads lag until it has caught up.",
                    IconName = "ArrowSync",
                    UpdateState = Running,
                    Arguments =
                    [
                        new InteractionInput { Name = "projection", Label = "Projection", InputType = InputType.Text, Required = true, MaxLength = 200 },
                    ],
                });
    }

    private static ResourceCommandState Running(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;

    private sealed class Ops(string service, EndpointReference gateway, ParameterResource adminKey)
    {
        public async Task<ExecuteCommandResult> ReplayAsync(InteractionInputCollection? arguments, CancellationToken ct)
        {
            var queue = arguments?.GetString("queue")?.Trim();
            if (string.IsNullOrEmpty(queue)) return CommandResults.Failure("Name the queue to replay.");
            var max = arguments!.GetString("max") is { Length: > 0 } text ? text : "1000";
            return await SendAsync(HttpMethod.Post,
                $"/errors/{Uri.EscapeDataString(queue)}/replay?max={Uri.EscapeDataString(max)}", $"Replay of {queue}", ct);
        }

        public async Task<ExecuteCommandResult> RebuildAsync(InteractionInputCollection? arguments, CancellationToken ct)
        {
            var projection = arguments?.GetString("projection")?.Trim();
            if (string.IsNullOrEmpty(projection)) return CommandResults.Failure("Name the projection to rebuild.");
            var result = await SendAsync(HttpMethod.Post, $"/projections/{Uri.EscapeDataString(projection)}/rebuild", $"Rebuild of {projection}", ct);
            if (result.Success) return result;
            // An unknown name: say which projections the service has.
            var known = await SendAsync(HttpMethod.Get, "/projections", "Projections", ct);
            return known.Success
                ? CommandResults.Failure($"{result.Message} {service} has these projections:", known.Data?.Value ?? "", CommandResultFormat.Json)
                : result;
        }

        public async Task<ExecuteCommandResult> SendAsync(HttpMethod method, string path, string what, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(method, new Uri(new Uri(gateway.Url), $"/api/v1/ops/{service}{path}"));
            request.Headers.Add("X-Api-Key", await adminKey.GetValueAsync(ct));
            try
            {
                using var response = await Http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var pretty = Pretty(body);
                return response.IsSuccessStatusCode
                    ? CommandResults.Success($"{what}: {service}", pretty, CommandResultFormat.Json)
                    : CommandResults.Failure(
                        $"{what} failed: {(int)response.StatusCode} {Code(body) ?? response.StatusCode.ToString()}", pretty, CommandResultFormat.Json);
            }
            catch (HttpRequestException e)
            {
                return CommandResults.Failure($"{what}: the gateway did not answer ({e.HttpRequestError}).");
            }
        }

        private static string Pretty(string body)
        {
            try { return JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, Indented); }
            catch (JsonException) { return JsonSerializer.Serialize(body); }
        }

        private static string? Code(string body)
        {
            try
            {
                return JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code)
                    ? code.GetString()
                    : null;
            }
            catch (JsonException) { return null; }
        }
    }
}
