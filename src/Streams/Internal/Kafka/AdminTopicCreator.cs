using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.Kafka;

/// <summary>Creates topics with the admin client; an existing topic counts as created.</summary>
internal sealed class AdminTopicCreator(IAdminClient admin, short replicationFactor, TimeSpan timeout) : ITopicCreator
{
    public int? PartitionCount(string topic)
    {
        var metadata = admin.GetMetadata(timeout); // all topics: a request naming an unknown topic can make the broker create it
        var t = metadata.Topics.Find(x => x.Topic == topic);
        return t is null || t.Error.IsError || t.Partitions.Count == 0 ? null : t.Partitions.Count;
    }

    public IReadOnlyList<string> ExistingTopics() =>
        [.. admin.GetMetadata(timeout).Topics.Where(t => !t.Error.IsError && t.Partitions.Count > 0).Select(t => t.Topic)];

    public void CreateTopic(string topic, int partitions, IReadOnlyDictionary<string, string> configs)
    {
        // An existing topic is checked, not re-created: brokers that do not answer CreateTopics (librdkafka's mock) then still work.
        if (PartitionCount(topic) is int existing)
        {
            if (existing != partitions)
                throw new StreamsException($"Internal topic '{topic}' exists with {existing} partitions, but the topology needs {partitions}; " +
                    "delete it or reset the application.");
            return;
        }
        try
        {
            admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = topic,
                NumPartitions = partitions,
                ReplicationFactor = replicationFactor,
                Configs = configs.ToDictionary(kv => kv.Key, kv => kv.Value),
            }], new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).GetAwaiter().GetResult();
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Already there: another instance made it first.
        }
        catch (KafkaException ex)
        {
            throw new StreamsException($"Could not create internal topic '{topic}' ({partitions} partitions): {ex.Error.Reason}", ex);
        }
    }
}
