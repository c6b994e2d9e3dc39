using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// The request converters of <see cref="RequestJson"/> hide the primitive types behind them from
/// the schema generator: strings and dates came out as <c>{}</c>, and generated clients typed
/// them as untyped nodes. This writes the types (and the date formats) back.
/// </summary>
public static class OpenApiSchemas
{
    public static Task TypePrimitivesAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var info = context.JsonTypeInfo;
        if (schema.Type is null && Primitive(info.Type) is { } primitive)
        {
            schema.Type = primitive.Type;
            schema.Format ??= primitive.Format;
        }
        // A list of strings or dates: its items lost their schema the same way.
        else if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Array) && schema.Items is null
                 && info.ElementType is { } element && Primitive(element) is { } item)
            schema.Items = new OpenApiSchema { Type = item.Type, Format = item.Format };
        return Task.CompletedTask;
    }

    private static (JsonSchemaType Type, string? Format)? Primitive(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        (JsonSchemaType Type, string? Format)? primitive = (underlying ?? type) switch
        {
            var t when t == typeof(string) => (JsonSchemaType.String, null),
            var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => (JsonSchemaType.String, "date-time"),
            var t when t == typeof(DateOnly) => (JsonSchemaType.String, "date"),
            _ => null,
        };
        return primitive is { } p && underlying is not null ? (p.Type | JsonSchemaType.Null, p.Format) : primitive;
    }
}
