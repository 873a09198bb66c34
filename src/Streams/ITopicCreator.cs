namespace Pulse.Streams;

/// <summary>
/// Creates the internal topics an application needs (changelogs, repartition topics). The
/// default uses the admin client's CreateTopics; the embedded cluster supplies its own, since
/// the librdkafka mock broker does not answer CreateTopics.
/// </summary>
public interface ITopicCreator
{
    /// <summary>The partition count of <paramref name="topic"/>, or null when it does not exist.</summary>
    int? PartitionCount(string topic);

    /// <summary>Creates <paramref name="topic"/> unless it exists (then does nothing).</summary>
    void CreateTopic(string topic, int partitions, IReadOnlyDictionary<string, string> configs);

    /// <summary>The names of the topics that exist, for sources subscribed by pattern (none known by default).</summary>
    IReadOnlyList<string> ExistingTopics() => [];
}
