using System.Net;
using Microsoft.Extensions.Options;

namespace Kechuang.Gateway.Webhooks.Egress;

/// <summary>
/// The one check that decides whether a webhook's host may be reached, used when it is
/// registered and again for every connection (<see cref="WebhookHttp"/>): a name that resolved to
/// a public address at registration and to an internal one later (DNS rebinding) is refused then.
/// </summary>
public sealed class WebhookTarget(IWebhookResolver resolver, IOptions<WebhookOptions> options)
{
    /// <summary>Longer than any honest resolver needs; a name that takes longer counts as not resolving.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The addresses to connect to, or none when the host may not be reached: it does not resolve,
    /// or any address it resolves to is not allowed (a mixed answer would let an attacker choose
    /// which address is tried).
    /// </summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await resolver.ResolveAsync(host, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return [];
            }
        }
        return addresses.Length > 0 && addresses.All(a => WebhookAddresses.Allows(a, options.Value.AllowPrivateNetworks))
            ? addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToArray()
            : [];
    }
}
