namespace Pulse.Host.Init;

/// <summary>
/// How the pipeline's topics are made by <c>pulse init</c> and <c>pulse broker</c>: configuration
/// section <see cref="Section"/>. Their names come from <c>Vitals:Topics</c> (<see cref="Pulse.Vitals.VitalsTopics"/>)
/// and the sink's dead-letter topic from <c>Sink:DeadLetterTopic</c>. Validated at start-up.
/// </summary>
public sealed class TopicCreationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Topics";

    /// <summary>Partitions of each pipeline topic (<c>--partitions</c>); the most replicas of one application that can share the work.</summary>
    public int Partitions { get; set; } = 6;

    /// <summary>Replicas of each partition (<c>--replication-factor</c>); -1, the default, is the broker's default (the embedded cluster: 3, or fewer brokers).</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>How long <c>pulse init</c> waits for the cluster to create topics, in milliseconds.</summary>
    public int CreateTimeoutMs { get; set; } = 30_000;
}
