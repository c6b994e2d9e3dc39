using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// What a request body may hold, checked while it is read so every endpoint of every service
/// gets it: no control characters in strings (tab and line breaks aside, which
/// <see cref="Validator.Text"/> still refuses in short, single-line fields), no lone surrogates,
/// and dates only in <see cref="MinYear"/>..<see cref="MaxYear"/>. A breach is a
/// <see cref="JsonFieldException"/>, answered as a 400 naming the field.
/// </summary>
public static class RequestJson
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        Json.Configure(options);
        if (!options.Converters.OfType<CleanString>().Any())
        {
            options.Converters.Add(new CleanString());
            options.Converters.Add(new BoundedDate<DateTimeOffset>(d => d.Year));
            options.Converters.Add(new BoundedDate<DateTime>(d => d.Year));
            options.Converters.Add(new BoundedDate<DateOnly>(d => d.Year));
        }
        return options;
    }

    /// <summary>True for C0 controls other than tab, CR and LF, for DEL and for C1 controls.</summary>
    public static bool IsForbidden(char c) => c is < ' ' and not ('\t' or '\n' or '\r') or >= '\u007f' and <= '\u009f';

    /// <summary>True for any control character, tab and line breaks included.</summary>
    public static bool IsControl(char c) => c < ' ' || c is >= '\u007f' and <= '\u009f';

    private sealed class CleanString : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? ReadClean(ref reader)
                : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadClean(ref reader);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);

        private static string ReadClean(ref Utf8JsonReader reader)
        {
            string value;
            try
            {
                value = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new JsonFieldException("is not valid Unicode text.");
            }
            if (value.AsSpan().ContainsAnyInRange('\0', '\u001f') || value.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
            {
                foreach (var c in value)
                    if (IsForbidden(c)) throw new JsonFieldException("must not contain control characters (only tab and line breaks, in long texts).");
            }
            return value;
        }
    }

    private sealed class BoundedDate<T>(Func<T, int> year) : JsonConverter<T> where T : struct
    {
        private static readonly JsonConverter<T> Inner = (JsonConverter<T>)JsonSerializerOptions.Default.GetConverter(typeof(T));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Check(Inner.Read(ref reader, typeToConvert, options));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            Inner.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Check(Inner.ReadAsPropertyName(ref reader, typeToConvert, options));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            Inner.WriteAsPropertyName(writer, value, options);

        private T Check(T value) => year(value) is >= MinYear and <= MaxYear ? value
            : throw new JsonFieldException($"must be a date in the years {MinYear} to {MaxYear}.");
    }
}

/// <summary>A JSON value of the right type that is not acceptable; the message is the field error.</summary>
public sealed class JsonFieldException(string message) : JsonException(message);
