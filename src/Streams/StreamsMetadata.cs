using System.Globalization;
using Confluent.Kafka;
using Pulse.Streams.Errors;

namespace Pulse.Streams;

/// <summary>An instance's address for interactive queries, as set in <see cref="StreamsConfig.ApplicationServer"/>.</summary>
/// <param name="Host">The host name or address.</param>
/// <param name="Port">The port.</param>
public sealed record HostInfo(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>.</summary>
    /// <exception cref="StreamsConfigException">The value is not <c>host:port</c> with a port from 1 to 65535.</exception>
    public static HostInfo Parse(string value)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || value!.AsSpan(0, colon).ContainsAny("@ "))
            throw new StreamsConfigException($"{nameof(StreamsConfig.ApplicationServer)} must be 'host:port' (no '@' or spaces); got '{value}'.");
        return new HostInfo(value![..colon], port);
    }

    /// <summary><c>host:port</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}

/// <summary>Where a key of a store lives: the instance whose task holds the key's partition, and the partition.</summary>
/// <param name="ActiveHost">The instance to ask (its <see cref="StreamsConfig.ApplicationServer"/>).</param>
/// <param name="Partition">The key's partition of the store's source topics (-1 for a global store, which every instance holds whole).</param>
public sealed record KeyQueryMetadata(HostInfo ActiveHost, int Partition);

/// <summary>One instance of an application: its address, the stores it holds and the input partitions it processes.</summary>
/// <param name="HostInfo">The instance's <see cref="StreamsConfig.ApplicationServer"/>.</param>
/// <param name="StateStoreNames">The stores of its tasks, and every global store.</param>
/// <param name="TopicPartitions">The input partitions assigned to its stream threads.</param>
public sealed record StreamsMetadata(HostInfo HostInfo, IReadOnlySet<string> StateStoreNames, IReadOnlySet<TopicPartition> TopicPartitions);
