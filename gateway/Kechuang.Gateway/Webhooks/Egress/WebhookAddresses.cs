using System.Net;

namespace Kechuang.Gateway.Webhooks.Egress;

/// <summary>What an IP address is, as far as sending a webhook to it goes.</summary>
public enum AddressKind
{
    /// <summary>A global unicast address on the public internet.</summary>
    Public,

    /// <summary>Loopback, private, link-local, unique-local, shared (CGNAT), documentation and other special-use ranges: our own network, or nobody's.</summary>
    Private,

    /// <summary>Unspecified (0.0.0.0/8, ::), multicast, broadcast and reserved: never a receiver.</summary>
    Never,
}

/// <summary>
/// Which addresses a webhook may reach. Webhooks go to partners on the public internet only:
/// everything in IANA's special-purpose registries that is not globally reachable is
/// <see cref="AddressKind.Private"/>, so a webhook cannot be pointed at the gateway's own
/// network (databases, the services, cloud metadata at 169.254.169.254). IPv6 forms that embed
/// an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the address they embed.
/// </summary>
public static class WebhookAddresses
{
    private static readonly (IPNetwork Network, AddressKind Kind)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Never),          // "this network"; 0.0.0.0 reaches the local host
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.Private),    // shared address space (CGNAT)
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Private),      // loopback
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.Private),   // link-local, cloud metadata
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressKind.Private),     // IETF protocol assignments
        (IPNetwork.Parse("192.0.2.0/24"), AddressKind.Private),     // documentation
        (IPNetwork.Parse("192.88.99.0/24"), AddressKind.Private),   // 6to4 relay anycast (deprecated)
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressKind.Private),    // benchmarking
        (IPNetwork.Parse("198.51.100.0/24"), AddressKind.Private),  // documentation
        (IPNetwork.Parse("203.0.113.0/24"), AddressKind.Private),   // documentation
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Never),        // multicast
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Never),        // reserved, and the broadcast address
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork MulticastV6 = IPNetwork.Parse("ff00::/8");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Inside 2000::/3 but not globally reachable.</summary>
    private static readonly IPNetwork[] SpecialInGlobalV6 =
    [
        IPNetwork.Parse("2001::/23"),      // IETF protocol assignments: Teredo, benchmarking, ORCHID
        IPNetwork.Parse("2001:db8::/32"),  // documentation
        IPNetwork.Parse("3fff::/20"),      // documentation
        IPNetwork.Parse("5f00::/16"),      // segment routing SIDs
    ];

    public static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return Classify(address.MapToIPv4());
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            foreach (var (network, kind) in V4)
                if (network.Contains(address)) return kind;
            return AddressKind.Public;
        }

        if (address.Equals(IPAddress.IPv6Any)) return AddressKind.Never;
        if (MulticastV6.Contains(address)) return AddressKind.Never;
        if (Nat64.Contains(address)) return Classify(Embedded(address, 12));
        if (SixToFour.Contains(address)) return Classify(Embedded(address, 2));
        // Loopback, link-local, unique-local, IPv4-compatible and every other range outside
        // global unicast fall here.
        if (!GlobalUnicastV6.Contains(address)) return AddressKind.Private;
        return SpecialInGlobalV6.Any(n => n.Contains(address)) ? AddressKind.Private : AddressKind.Public;
    }

    /// <summary>
    /// True when a webhook may connect to <paramref name="address"/>: public addresses always;
    /// private ones only where <c>Kechuang:Webhooks:AllowPrivateNetworks</c> is on (development,
    /// tests with a local receiver); the unspecified, multicast and reserved ones never.
    /// </summary>
    public static bool Allows(IPAddress address, bool allowPrivateNetworks) => Classify(address) switch
    {
        AddressKind.Public => true,
        AddressKind.Private => allowPrivateNetworks,
        _ => false,
    };

    private static IPAddress Embedded(IPAddress v6, int offset) => new(v6.GetAddressBytes().AsSpan(offset, 4));
}
