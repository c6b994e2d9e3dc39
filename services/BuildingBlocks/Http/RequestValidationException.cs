namespace Kechuang.BuildingBlocks.Http;

/// <summary>Thrown where a result cannot be returned (parameter binding); answered as a 400 with field errors.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("The request is not valid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
