using System.Text.Json;

namespace Kechuang.Dashboard.Api;

/// <summary>Who acted: an API key or a staff user, as the history shows it.</summary>
public sealed record ActorDto(string Id, string Name, string Role, string? Province);

/// <summary>One step of a record's life: <c>{type, at, by, data}</c>.</summary>
public sealed record HistoryEntryDto(string Type, DateTimeOffset At, ActorDto? By, long Version, JsonElement Data);

public sealed record TimeSlotDto(DateTimeOffset Start, DateTimeOffset End);
