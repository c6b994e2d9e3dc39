using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Kechuang.ServiceDefaults.Logging;

/// <summary>
/// One JSON object per line on the console: time, level, category, message, trace and span ids,
/// the scopes (the correlation id among them) and the exception — all masked with
/// <see cref="PersonalData"/>.
/// </summary>
public sealed class JsonLineFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "kechuang-json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TextWriter output)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (string.IsNullOrEmpty(message) && entry.Exception is null) return;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            json.WriteString("message", PersonalData.Mask(message));
            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToString());
                json.WriteString("spanId", activity.SpanId.ToString());
            }
            if (entry.Exception is { } exception) json.WriteString("exception", PersonalData.Mask(exception.ToString()));
            scopes?.ForEachScope((scope, writer) => WriteScope(writer, scope), json);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteScope(Utf8JsonWriter json, object? scope)
    {
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                if (key == "{OriginalFormat}" || key is "traceId" or "spanId" or "time" or "level" or "category" or "message") continue;
                json.WriteString(key, PersonalData.Mask(value?.ToString() ?? ""));
            }
        }
    }
}
