namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>The running service's name (<c>applications</c>, <c>experts</c>…): its schema, queues and telemetry.</summary>
public sealed record ServiceIdentity(string Name);
