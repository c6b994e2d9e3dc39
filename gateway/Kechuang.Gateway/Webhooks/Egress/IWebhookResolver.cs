using System.Net;
using System.Net.Sockets;

namespace Kechuang.Gateway.Webhooks.Egress;

/// <summary>Resolves a receiver's host name. Tests substitute their own: they must not depend on external DNS.</summary>
public interface IWebhookResolver
{
    /// <summary>Every address of <paramref name="host"/>; empty when the name does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system's resolver (DNS, hosts file), as the operating system answers it.</summary>
public sealed class SystemResolver : IWebhookResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
