using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// A service's examples of its request bodies, one per body type, each a value its own validator
/// accepts. Each service lists them in its <c>OpenApiExamples.cs</c> and registers them with
/// <see cref="OpenApiRequestExamples.AddRequestExamples"/>.
/// </summary>
public sealed class RequestExamples
{
    private readonly Dictionary<Type, object> _examples = [];

    public RequestExamples Add<T>(T example) where T : notnull
    {
        _examples.Add(typeof(T), example);
        return this;
    }

    public bool TryGet(Type type, out object example) => _examples.TryGetValue(type, out example!);
}

/// <summary>
/// Writes the registered example of an operation's JSON body into
/// <c>requestBody.content["application/json"].example</c>, serialized as the service reads it
/// (its JSON options: camelCase names, enum names), so the reference at <c>/docs</c> shows it.
/// </summary>
public static class OpenApiRequestExamples
{
    public static IServiceCollection AddRequestExamples(this IServiceCollection services, RequestExamples examples) =>
        services.AddSingleton(examples);

    public static Task WriteAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (body is null || context.ApplicationServices.GetService<RequestExamples>() is not { } examples
            || !examples.TryGet(body, out var example)
            || operation.RequestBody?.Content is not { } content || !content.TryGetValue("application/json", out var media))
            return Task.CompletedTask;
        var options = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        media.Example = JsonSerializer.SerializeToNode(example, body, options);
        return Task.CompletedTask;
    }
}
