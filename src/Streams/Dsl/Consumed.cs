using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Dsl;

/// <summary>How a topic is read: serdes, timestamp extractor, source name. Null serdes mean the configured defaults.</summary>
public sealed record Consumed<TKey, TValue>(Serde<TKey>? KeySerde = null, Serde<TValue>? ValueSerde = null,
    TimestampExtractor<TKey, TValue>? TimestampExtractor = null, string? Name = null)
{
    /// <summary>A copy with a timestamp extractor.</summary>
    public Consumed<TKey, TValue> WithTimestampExtractor(TimestampExtractor<TKey, TValue> extractor) => this with { TimestampExtractor = extractor };

    /// <summary>A copy that names the source node.</summary>
    public Consumed<TKey, TValue> WithName(string name) => this with { Name = name };
}

/// <summary>Factories of <see cref="Consumed{TKey, TValue}"/>.</summary>
public static class Consumed
{
    /// <summary>Reads with these serdes.</summary>
    public static Consumed<TKey, TValue> With<TKey, TValue>(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new(keySerde, valueSerde);
}

/// <summary>How records are written: serdes, partitioner, sink name. Null serdes mean the configured defaults.</summary>
public sealed record Produced<TKey, TValue>(Serde<TKey>? KeySerde = null, Serde<TValue>? ValueSerde = null,
    StreamPartitioner<TKey, TValue>? Partitioner = null, string? Name = null)
{
    /// <summary>A copy with a partitioner.</summary>
    public Produced<TKey, TValue> WithPartitioner(StreamPartitioner<TKey, TValue> partitioner) => this with { Partitioner = partitioner };

    /// <summary>A copy that names the sink node.</summary>
    public Produced<TKey, TValue> WithName(string name) => this with { Name = name };
}

/// <summary>Factories of <see cref="Produced{TKey, TValue}"/>.</summary>
public static class Produced
{
    /// <summary>Writes with these serdes.</summary>
    public static Produced<TKey, TValue> With<TKey, TValue>(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new(keySerde, valueSerde);
}

/// <summary>How records are grouped: serdes for the repartition topic (if any), and its name.</summary>
public sealed record Grouped<TKey, TValue>(Serde<TKey>? KeySerde = null, Serde<TValue>? ValueSerde = null, string? Name = null)
{
    /// <summary>A copy that names the grouping (and its repartition topic, <c>&lt;name&gt;-repartition</c>).</summary>
    public Grouped<TKey, TValue> WithName(string name) => this with { Name = name };
}

/// <summary>Factories of <see cref="Grouped{TKey, TValue}"/>.</summary>
public static class Grouped
{
    /// <summary>Groups with these serdes.</summary>
    public static Grouped<TKey, TValue> With<TKey, TValue>(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new(keySerde, valueSerde);

    /// <summary>A named grouping.</summary>
    public static Grouped<TKey, TValue> As<TKey, TValue>(string name) => new(Name: name);
}

/// <summary>An explicit repartitioning: topic name, partition count, serdes, partitioner.</summary>
public sealed record Repartitioned<TKey, TValue>(Serde<TKey>? KeySerde = null, Serde<TValue>? ValueSerde = null, string? Name = null,
    int? NumberOfPartitions = null, StreamPartitioner<TKey, TValue>? Partitioner = null);

/// <summary>
/// Serdes, name and grace period of a stream–table join. With a grace period (KIP-923), which needs a versioned table, stream
/// records wait in a buffer until stream time passes their timestamp plus the grace period, then join with the table's
/// value as of their timestamp, in timestamp order.
/// </summary>
public sealed record Joined<TKey, TValue, TOther>(Serde<TKey>? KeySerde = null, Serde<TValue>? ValueSerde = null,
    Serde<TOther>? OtherValueSerde = null, string? Name = null)
{
    /// <summary>How long stream records wait for late table updates, or null to join each at once.</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>A copy with a grace period: stream records are buffered for it (the table must be versioned).</summary>
    public Joined<TKey, TValue, TOther> WithGracePeriod(TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        return this with { GracePeriod = gracePeriod };
    }
}

/// <summary>Names a DSL operator's node.</summary>
public sealed record Named(string Name)
{
    /// <summary>A name.</summary>
    public static Named As(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Named(name);
    }
}
