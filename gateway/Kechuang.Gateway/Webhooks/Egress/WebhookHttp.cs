using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Options;

namespace Kechuang.Gateway.Webhooks.Egress;

/// <summary>
/// The HTTP client webhooks are sent with. Built here rather than by <c>IHttpClientFactory</c>, so
/// nothing ServiceDefaults gives every factory client applies to it: Aspire service discovery would
/// deliver <c>http://applications/…</c> to our own services, and resilience handlers would retry
/// behind the dispatcher's back. No proxy, no redirects, no cookies; each connection goes only to an
/// address <see cref="WebhookTarget"/> allowed at that moment.
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;

    public WebhookHttp(WebhookTarget target, IOptions<WebhookOptions> options)
    {
        _timeout = options.Value.Timeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Partners get no trace ids of ours; the client spans are still recorded here.
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
            ConnectCallback = (context, ct) => ConnectAsync(target, context.DnsEndPoint, ct),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The answer's status code, or why there was none; the outcome is null when it is 2xx.</summary>
    public sealed record Result(int? StatusCode, string? Outcome);

    /// <summary>Sends and classifies; throws only when <paramref name="stop"/> is cancelled.</summary>
    public async Task<Result> SendAsync(HttpRequestMessage request, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_timeout);
        try
        {
            // Only the status line matters: the body of the answer is never read.
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return new Result(status, response.IsSuccessStatusCode ? null : DeliveryOutcome.Rejected);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return new Result(null, DeliveryOutcome.Timeout);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            return new Result(null, OutcomeOf(ex));
        }
    }

    private static string OutcomeOf(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressNotAllowedException) return DeliveryOutcome.AddressNotAllowed;
            if (e is AuthenticationException) return DeliveryOutcome.TlsFailed;
        }
        return ex is HttpRequestException { HttpRequestError: var error } ? error switch
        {
            HttpRequestError.SecureConnectionError => DeliveryOutcome.TlsFailed,
            HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded
                or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError => DeliveryOutcome.InvalidResponse,
            _ => DeliveryOutcome.ConnectionFailed,
        } : DeliveryOutcome.ConnectionFailed;
    }

    private static async ValueTask<Stream> ConnectAsync(WebhookTarget target, DnsEndPoint endpoint, CancellationToken ct)
    {
        var addresses = await target.AllowedAddressesAsync(endpoint.Host, ct);
        if (addresses.Length == 0) throw new AddressNotAllowedException();
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    public void Dispose() => _client.Dispose();

    private sealed class AddressNotAllowedException() : Exception("The receiver's host is not on the public internet.");
}
