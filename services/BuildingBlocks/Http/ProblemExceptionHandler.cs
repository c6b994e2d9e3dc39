using System.Net.Sockets;
using System.Text.Json;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Turns what escapes an endpoint into problem+json with a <c>code</c>: a client's mistake is
/// a 4xx, a concurrent writer a 409/412, a dependency that is down a 503 with Retry-After.
/// Only a genuine bug is a 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Classify(http, exception);
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problem(500, "internal_error", "Something went wrong on our side.",
                "The error was logged with this request's trace id.");
        }
        else if (problem.Status == 503)
        {
            logger.LogWarning(exception, "Dependency unavailable on {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.Headers.RetryAfter = "5";
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? Classify(HttpContext http, Exception exception) => exception switch
    {
        RequestValidationException v => Validation(v.Errors),
        BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
        BadHttpRequestException { StatusCode: 401 } => Problem(401, "unauthenticated", "No authenticated caller.",
            "Send a valid X-Api-Key or bearer token."),
        BadHttpRequestException { StatusCode: 413 } => Problem(413, "payload_too_large", "The request body is too large."),
        BadHttpRequestException { StatusCode: 415 } => Problem(415, "unsupported_media_type", "Send the body as application/json."),
        BadHttpRequestException { StatusCode: 400 } bad when BoundParameter(bad.Message) is { } parameter =>
            Validation(new Dictionary<string, string[]> { [parameter] = ["has a value that is not valid here."] }),
        BadHttpRequestException bad => Problem(bad.StatusCode, "bad_request", "The request could not be read.", bad.Message),
        JsonException json => MalformedJson(json),
        ConcurrencyException when http.Request.Headers.IfMatch.Count > 0 =>
            Problem(412, "precondition_failed", "The record changed since you read it.",
                "Read it again and retry with the new ETag in If-Match."),
        ConcurrencyException => Problem(409, "concurrency_conflict", "Someone else changed the record at the same time.",
            "Read it again and retry."),
        DocumentAlreadyExistsException or ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException =>
            Problem(409, "already_exists", "A record with this id already exists."),
        OperationCanceledException when http.RequestAborted.IsCancellationRequested =>
            Problem(499, "client_closed_request", "The client closed the request."),
        _ when IsUnavailable(exception) => Problem(503, "unavailable",
            "A dependency of this service is unavailable.", "Retry after the time in Retry-After."),
        _ => null,
    };

    /// <summary>The parameter named in ASP.NET Core's binding failures: <c>Failed to bind parameter "int limit" from "x".</c></summary>
    private static string? BoundParameter(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?:[^\" ]+ )?([A-Za-z0-9_]+)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
                or BrokerUnreachableException or AlreadyClosedException)
                return true;
            if (e is MartenCommandException { InnerException: NpgsqlException { IsTransient: true } }) return true;
        }
        return false;
    }

    private static ProblemDetails MalformedJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
        return Validation(new Dictionary<string, string[]>
        {
            [field] = [json is JsonFieldException ? json.Message
                : field == "$" ? "The body is not valid JSON." : "has a value of the wrong type or an unknown value."],
        });
    }

    private static ProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new HttpValidationProblemDetails(errors)
        {
            Status = 400,
            Title = "The request is not valid.",
            Extensions = { ["code"] = Problems.ValidationFailed },
        };

    private static ProblemDetails Problem(int status, string code, string title, string? detail = null) =>
        new() { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } };
}
