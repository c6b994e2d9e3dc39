using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

/// <summary>
/// What a rule that writes to more than one stream decided: its <typeparamref name="T"/> (the
/// events, grouped by stream), or why not. <see cref="Decision"/> is the one-stream counterpart.
/// </summary>
public readonly record struct Ruling<T>(T? Value, DomainError? Error) where T : class
{
    public static implicit operator Ruling<T>(T value) => new(value, null);

    public static implicit operator Ruling<T>(DomainError error) => new(null, error);
}
