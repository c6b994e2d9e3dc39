using Kechuang.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>RFC 9457 problem details, each with the machine-readable <c>code</c> of ../shared/API.md.</summary>
public static class Problems
{
    public const string ValidationFailed = "validation_failed";

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.",
            extensions: new Dictionary<string, object?> { ["code"] = ValidationFailed });

    public static ValidationProblem Field(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult ToProblem(this DomainError error) =>
        Of(error.Status, error.Code, error.Title, error.Detail);

    public static ProblemHttpResult NotFound(string what = "record") =>
        Of(StatusCodes.Status404NotFound, "not_found", $"The {what} was not found.");

    public static ProblemHttpResult Forbidden(string detail = "Your role does not allow this action.") =>
        Of(StatusCodes.Status403Forbidden, "forbidden", "This action is not allowed for you.", detail);

    public static ProblemHttpResult InvalidState(string detail) => DomainError.InvalidState(detail).ToProblem();
}
