namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Carries <see cref="StreamsConfig.ApplicationServer"/> in a stream thread's consumer <c>client.id</c>
/// (<c>&lt;thread&gt;-consumer@host:port</c>), so a group's members, as a real broker's DescribeConsumerGroups
/// lists them (admin tools), show where each instance answers queries. The runtime itself learns the others'
/// addresses from the members topic (<see cref="Standby.Membership"/>).
/// Application ids and thread names hold no '@', so the last '@' starts the address.
/// </summary>
internal static class ApplicationServerClientId
{
    public static string Encode(string clientId, string? applicationServer) =>
        applicationServer is null ? clientId : $"{clientId}@{HostInfo.Parse(applicationServer)}";

    public static HostInfo? Decode(string? clientId)
    {
        var at = clientId?.LastIndexOf('@') ?? -1;
        if (at < 0) return null;
        try
        {
            return HostInfo.Parse(clientId![(at + 1)..]);
        }
        catch (Errors.StreamsConfigException)
        {
            return null; // not one of ours
        }
    }
}
