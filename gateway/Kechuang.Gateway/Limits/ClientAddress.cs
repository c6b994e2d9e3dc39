using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace Kechuang.Gateway.Limits;

/// <summary>
/// The client address that limits and lockouts are kept per: the TCP peer
/// (<c>Connection.RemoteIpAddress</c>), or the address a trusted proxy names in
/// <c>X-Forwarded-For</c>. Only the proxies in <c>Kechuang:Network:TrustedProxies</c> (addresses
/// or CIDR networks) are believed; by default none, since a header anyone can send would let a
/// guesser pick a fresh address for every attempt. An IPv6 client counts by its /64, the block one
/// subscriber is given.
/// </summary>
public static class ClientAddress
{
    public const string TrustedProxiesKey = "Kechuang:Network:TrustedProxies";

    public static IServiceCollection AddClientAddress(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(TrustedProxiesKey).Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no known proxy at all the middleware believes every peer, so without a configured
            // proxy it does not read the headers.
            o.ForwardedHeaders = trusted.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Through a chain of trusted proxies, up to the first hop that is not one of them.
            o.ForwardLimit = null;
            // The framework trusts loopback by default: nothing is trusted unless configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in trusted)
            {
                if (IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
                else if (System.Net.IPNetwork.TryParse(entry, out var network)) o.KnownIPNetworks.Add(network);
                else throw new InvalidOperationException($"{TrustedProxiesKey} holds '{entry}', which is neither an IP address nor a CIDR network.");
            }
        });
        return services;
    }

    /// <summary>The key of this request's client address.</summary>
    public static string Of(HttpContext http) => KeyOf(http.Connection.RemoteIpAddress);

    public static string KeyOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address)) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
