using System.Net;
using System.Text.RegularExpressions;
using Kechuang.Dashboard.Access;
using Kechuang.TestKit;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kechuang.Dashboard.Tests;

/// <summary>
/// Issue 16: two dashboard replicas on one database. A browser the gateway sends to the other
/// replica (its own went down) stays signed in: the cookie, the form's antiforgery token and the
/// session are all readable there.
/// </summary>
public sealed partial class ReplicaSessionsTests : IAsyncLifetime
{
    private string _database = null!;
    private GatewayStub _gateway = null!;
    private DashboardReplica _first = null!;
    private DashboardReplica _second = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestInfrastructure.CreateDatabaseAsync("dashboard");
        _gateway = await GatewayStub.StartAsync();
        _first = new DashboardReplica(_database, _gateway.Url);
        _second = new DashboardReplica(_database, _gateway.Url);
        _ = _first.Server;
        _ = _second.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _gateway.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task A_user_signed_in_on_one_replica_is_signed_in_on_the_other()
    {
        var cookie = await SignInAsync();
        foreach (var replica in new[] { _first, _second })
        {
            using var export = await ExportAsync(replica, cookie);
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal("exported for Bearer " + GatewayStub.Token, await export.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_user_signed_out_on_one_replica_is_signed_out_on_the_other()
    {
        var cookie = await SignInAsync();
        var options = _first.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = options.TicketDataFormat.Unprotect(cookie.Split('=', 2)[1])!;
        await _first.Services.GetRequiredService<StaffSessions>().EndAsync(ticket.Principal);

        using var export = await ExportAsync(_second, cookie);
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.Equal("/signin", new Uri(new Uri("http://localhost"), export.Headers.Location!).AbsolutePath);
    }

    /// <summary>
    /// The sign-in form as one replica serves it, posted to the other (as after a failover between
    /// the two); the staff cookie it sets.
    /// </summary>
    private async Task<string> SignInAsync()
    {
        using var formBrowser = _second.Browser();
        using var form = await formBrowser.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var antiforgery = CookieOf(form, ".AspNetCore.Antiforgery.");
        var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;

        using var browser = _first.Browser();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = token,
                ["Input.Username"] = "centre.user",
                ["Input.Password"] = "the user's password",
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var signedIn = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return CookieOf(signedIn, "kechuang.staff=");
    }

    private static async Task<HttpResponseMessage> ExportAsync(DashboardReplica replica, string cookie)
    {
        using var browser = replica.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/files/applications/export?callId={Guid.NewGuid()}");
        request.Headers.Add("Cookie", cookie);
        return await browser.SendAsync(request);
    }

    /// <summary>The <c>name=value</c> of the response's cookie whose name starts so.</summary>
    private static string CookieOf(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
