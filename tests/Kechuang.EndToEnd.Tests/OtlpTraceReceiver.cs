using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.EndToEnd.Tests;

/// <summary>One exported span, as the services' OTLP exporters send it.</summary>
public sealed record ExportedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    DateTimeOffset Start, IReadOnlyList<string> LinkedTraceIds, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A small OTLP/HTTP (protobuf) trace receiver the services of the system under test export to,
/// reading only the fields the tests look at (service name, scope name, ids, name, kind, start
/// time, the trace ids of its links, string attributes).
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    public const int ServerKind = 2, ProducerKind = 4, ConsumerKind = 5;
    private readonly List<ExportedSpan> _spans = [];
    private WebApplication _app = null!;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ExportedSpan> Spans()
    {
        lock (_spans) return [.. _spans];
    }

    public static async Task<OtlpTraceReceiver> StartAsync()
    {
        var receiver = new OtlpTraceReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver._app = builder.Build();
        receiver._app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var spans = Parse(body.ToArray());
            lock (receiver._spans) receiver._spans.AddRange(spans);
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ExportTraceServiceRequest { 1: ResourceSpans* } ResourceSpans { 1: Resource, 2: ScopeSpans* }
    // Resource { 1: KeyValue* } ScopeSpans { 1: InstrumentationScope { 1: name }, 2: Span* }
    // Span { 1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 6: kind, 7: start_time_unix_nano, 9: KeyValue*, 13: Link { 1: trace_id }* }
    private static List<ExportedSpan> Parse(byte[] request)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var fields = Fields(resourceSpans.Bytes!).ToList();
            var resource = fields.Where(f => f.Number == 1).SelectMany(f => Attributes(Fields(f.Bytes!).ToList(), 1)).ToDictionary();
            var service = resource.GetValueOrDefault("service.name", "");
            foreach (var scope in fields.Where(f => f.Number == 2))
            {
                var scopeFields = Fields(scope.Bytes!).ToList();
                var scopeName = Text(Fields(scopeFields.FirstOrDefault(f => f.Number == 1).Bytes ?? []).FirstOrDefault(f => f.Number == 1).Bytes);
                foreach (var span in scopeFields.Where(f => f.Number == 2))
                {
                    var s = Fields(span.Bytes!).ToList();
                    string Hex(int n) => Convert.ToHexStringLower(s.FirstOrDefault(f => f.Number == n).Bytes ?? []);
                    var links = s.Where(f => f.Number == 13 && f.Bytes is not null)
                        .Select(l => Convert.ToHexStringLower(Fields(l.Bytes!).FirstOrDefault(f => f.Number == 1).Bytes ?? [])).ToList();
                    spans.Add(new ExportedSpan(service, scopeName, Hex(1), Hex(2), Hex(4), Text(s.FirstOrDefault(f => f.Number == 5).Bytes),
                        (int)s.FirstOrDefault(f => f.Number == 6).Value,
                        DateTimeOffset.UnixEpoch.AddTicks((long)(s.FirstOrDefault(f => f.Number == 7).Value / 100)),
                        links, Attributes(s, 9).ToDictionary()));
                }
            }
        }
        return spans;
    }

    private static string Text(byte[]? bytes) => System.Text.Encoding.UTF8.GetString(bytes ?? []);

    private static IEnumerable<KeyValuePair<string, string>> Attributes(List<Field> fields, int number)
    {
        // KeyValue { 1: key, 2: AnyValue { 1: string_value } }, only string values are kept.
        foreach (var keyValue in fields.Where(f => f.Number == number))
        {
            if (keyValue.Bytes is null) continue;
            var kv = Fields(keyValue.Bytes).ToList();
            var key = kv.FirstOrDefault(f => f.Number == 1).Bytes;
            var value = kv.FirstOrDefault(f => f.Number == 2).Bytes;
            var text = value is null ? null : Fields(value).FirstOrDefault(f => f.Number == 1).Bytes;
            if (key is not null && text is not null)
                yield return new(System.Text.Encoding.UTF8.GetString(key), System.Text.Encoding.UTF8.GetString(text));
        }
    }

    private readonly record struct Field(int Number, ulong Value, byte[]? Bytes);

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var i = 0;
        while (i < message.Length)
        {
            var tag = Varint(message, ref i);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: yield return new Field(number, Varint(message, ref i), null); break;
                case 1:
                    yield return new Field(number, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i, 8)), null);
                    i += 8;
                    break;
                case 5: i += 4; break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    yield return new Field(number, 0, message[i..(i + length)]);
                    i += length;
                    break;
                default: yield break;
            }
        }
    }

    private static ulong Varint(byte[] message, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }
}
