using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Kechuang.ServiceDefaults.Logging;

/// <summary>Masks personal data and secrets in log records before any exporter sees them.</summary>
public sealed class MaskingLogProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord record)
    {
        if (record.FormattedMessage is { } message) record.FormattedMessage = PersonalData.Mask(message);
        if (record.Body is { } body) record.Body = PersonalData.Mask(body);
        if (record.Attributes is { Count: > 0 } attributes)
        {
            record.Attributes = attributes
                .Select(a => a.Value is string s ? new KeyValuePair<string, object?>(a.Key, PersonalData.Mask(s)) : a)
                .ToList();
        }
    }
}
