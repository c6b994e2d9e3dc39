using Kechuang.Dashboard.Api;

namespace Kechuang.Dashboard.Access;

/// <summary>
/// Files the browser opens directly (a seal scan to preview or download, a call's CSV export): the
/// browser has no token, so the dashboard fetches them from the gateway as the signed-in user and
/// passes them through. The API decides who may see each file, as for any other call.
/// </summary>
public static class FileDownloads
{
    public static IEndpointRouteBuilder MapFileDownloads(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/files").RequireAuthorization();
        files.MapGet("/applications/{id:guid}/seal-scan", (Guid id, bool? download, HttpContext http, GatewayClient gateway, StaffSessions sessions) =>
            PassThroughAsync(http, gateway, sessions, $"/api/v1/applications/{id}/seal-scan", download == true));
        files.MapGet("/applications/export", (Guid callId, HttpContext http, GatewayClient gateway, StaffSessions sessions) =>
            PassThroughAsync(http, gateway, sessions, $"/api/v1/applications/export?callId={callId}", attachment: true));
        return app;
    }

    private static async Task PassThroughAsync(HttpContext http, GatewayClient gateway, StaffSessions sessions, string path, bool attachment)
    {
        if (await sessions.FindAsync(http.User) is not { } session)
        {
            http.Response.Redirect("/signin?expired=1&returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            return;
        }
        using var response = await gateway.GetFileAsync(path, session.AccessToken, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        if (response.Content.Headers.ContentLength is { } length) http.Response.ContentLength = length;
        if (response.Content.Headers.ContentDisposition is { } disposition)
        {
            // Inline lets the browser preview a PDF or image; ?download=1 (and CSV) saves it.
            disposition.DispositionType = attachment ? "attachment" : "inline";
            http.Response.Headers.ContentDisposition = disposition.ToString();
        }
        http.Response.Headers.CacheControl = "private, no-store";
        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
