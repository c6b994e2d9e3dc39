namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// A message a consumer has handled, stored in the same Marten transaction as the consumer's
/// effect: a redelivery finds it and changes nothing.
/// </summary>
public sealed record ProcessedMessage(string Id, string Consumer, Guid MessageId, DateTimeOffset HandledAt);
