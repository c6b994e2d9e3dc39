namespace Kechuang.BuildingBlocks.Domain;

/// <summary>
/// A rule said no. Rules are pure functions returning either an event or one of these; the HTTP
/// layer turns it into problem+json with the same <see cref="Code"/>.
/// </summary>
public sealed record DomainError(int Status, string Code, string Title, string? Detail = null)
{
    public static DomainError InvalidState(string detail) =>
        new(409, "invalid_state", "The record's current state does not allow this action.", detail);

    public static DomainError Conflict(string code, string title, string? detail = null) => new(409, code, title, detail);

    public static DomainError Rule(string code, string title, string? detail = null) => new(422, code, title, detail);

    public static DomainError NotFound(string what) => new(404, "not_found", $"The {what} was not found.");

    /// <summary>The client's <c>If-Match</c> names a version the record has moved past.</summary>
    public static DomainError PreconditionFailed() =>
        new(412, "precondition_failed", "The record changed since you read it.", "Read it again and retry with the new ETag in If-Match.");

    public static DomainError Forbidden(string detail) => new(403, "forbidden", "This action is not allowed for you.", detail);
}
