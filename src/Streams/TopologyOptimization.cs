namespace Pulse.Streams;

/// <summary>
/// Rewrites of a topology at <see cref="StreamsBuilder.Build(StreamsConfig)"/> (Kafka's <c>topology.optimization</c>); none by
/// default, as in Kafka.
/// </summary>
[Flags]
public enum TopologyOptimization
{
    /// <summary>The topology as written.</summary>
    None = 0,

    /// <summary>
    /// A table read with <c>builder.Table(topic)</c> and kept in a store uses its source topic as the store's changelog: no
    /// <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c> topic is written, and the store is restored from the source topic, up to the
    /// committed offset (Kafka's <c>reuse.ktable.source.topics</c>). The source topic should be compacted.
    /// </summary>
    ReuseKTableSourceTopics = 1,

    /// <summary>Every optimization Pulse has (Kafka's <c>all</c>).</summary>
    All = ReuseKTableSourceTopics,
}
