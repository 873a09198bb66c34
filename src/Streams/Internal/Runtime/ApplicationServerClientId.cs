namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Carries <see cref="StreamsConfig.ApplicationServer"/> in a stream thread's consumer <c>client.id</c>
/// (<c>&lt;thread&gt;-consumer@host:port</c>): Confluent.Kafka exposes no member user data, but
/// DescribeConsumerGroups returns every member's client id, so any instance can learn where the others are.
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
