using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Answers which instance holds what. This instance's part comes from its own task snapshots; the other
/// instances' from the <see cref="Standby.Membership"/> view: every instance that sets
/// <see cref="StreamsConfig.ApplicationServer"/> heartbeats its address and active tasks on the members topic
/// (Confluent.Kafka exposes no member user data, and librdkafka's mock broker answers no DescribeConsumerGroups).
/// No broker call: the answer is as fresh as the last heartbeats, which follow a rebalance within a poll.
/// A key's partition is Kafka's default partitioner (murmur2 of the serialized key) over the task count of
/// the store's sub-topology, which is the partition count of its source topics.
/// </summary>
internal sealed class StreamsMetadataProvider(RuntimeContext runtime, Func<IReadOnlyList<StreamThread>> threads)
{
    private HostInfo Self => runtime.Config.ApplicationServer is { } server ? HostInfo.Parse(server)
        : throw new StreamsConfigException($"Set {nameof(StreamsConfig.ApplicationServer)} ('host:port') to ask which instance holds a key.");

    /// <summary>This instance: its address, its tasks' input partitions and stores, and every global store.</summary>
    public StreamsMetadata Local()
    {
        var partitions = threads().SelectMany(t => t.Tasks.Snapshot).SelectMany(task => task.Inputs).ToHashSet();
        return new StreamsMetadata(Self, StoresOf(partitions), partitions);
    }

    /// <summary>Every live instance of the application, this one first.</summary>
    public IReadOnlyList<StreamsMetadata> All()
    {
        var local = Local();
        var result = new List<StreamsMetadata> { local };
        foreach (var group in Others().GroupBy(m => m.Host))
        {
            if (group.Key == local.HostInfo) continue; // this instance's own snapshot is fresher than its heartbeat
            var partitions = group.SelectMany(m => m.Active).SelectMany(InputsOf).ToHashSet();
            result.Add(new StreamsMetadata(group.Key, StoresOf(partitions), partitions));
        }
        return result;
    }

    /// <summary>The instance whose task holds <paramref name="key"/> of <paramref name="storeName"/>, and the key's partition.</summary>
    public KeyQueryMetadata ForKey<TKey>(string storeName, TKey key, Serde<TKey> keySerde)
    {
        ArgumentNullException.ThrowIfNull(keySerde);
        var store = LocalStores.Find(runtime, storeName);
        if (store.IsGlobal) return new KeyQueryMetadata(Self, -1);
        var (sub, tasks) = runtime.TasksPerSubtopology.First(t => t.Sub.Stores.Contains(store));
        var partition = PartitionOf(key, keySerde, runtime.Resolve(sub.SourceTopics.First()), tasks);
        var task = new TaskId(sub.Id, partition);
        if (threads().Any(t => t.Tasks.Snapshot.Any(x => x.Id == task))) return new KeyQueryMetadata(Self, partition);
        var owner = Others().FirstOrDefault(m => m.Active.Contains(task));
        return owner is not null ? new KeyQueryMetadata(owner.Host, partition) : throw new InvalidStateStoreException(
            $"No instance holds partition {partition} of state store '{storeName}' (task {task}) right now, probably during a rebalance; retry.");
    }

    /// <summary>Kafka's default partitioner over the key serialized as it is on <paramref name="topic"/>.</summary>
    public static int PartitionOf<TKey>(TKey key, Serde<TKey> keySerde, string topic, int partitions)
    {
        var bytes = keySerde.Serialize(key, new SerializationContext(MessageComponentType.Key, topic))
            ?? throw new ArgumentNullException(nameof(key), "A null key has no partition.");
        return partitions == 1 ? 0 : Murmur2.Partition(bytes, partitions);
    }

    private IReadOnlySet<string> StoresOf(IReadOnlySet<TopicPartition> partitions)
    {
        var stores = new HashSet<string>(runtime.GlobalStores.Keys, StringComparer.Ordinal);
        foreach (var (sub, _) in runtime.TasksPerSubtopology)
            if (sub.SourceTopics.Any(t => partitions.Any(tp => tp.Topic == runtime.Resolve(t))))
                stores.UnionWith(sub.Stores.Select(s => s.Builder.Name));
        return stores;
    }

    /// <summary>The input partitions of <paramref name="task"/>.</summary>
    private IEnumerable<TopicPartition> InputsOf(TaskId task) =>
        runtime.TasksPerSubtopology.Where(t => t.Sub.Id == task.Subtopology && task.Partition < t.Tasks)
            .SelectMany(t => t.Sub.SourceTopics.Select(runtime.Resolve))
            .Where(topic => task.Partition < runtime.Partitions[topic])
            .Select(topic => new TopicPartition(topic, task.Partition));

    /// <summary>The other live instances that advertise an address, with their active tasks.</summary>
    private List<Member> Others()
    {
        if (runtime.Membership is not { } membership) return []; // runs whenever ApplicationServer is set
        var now = runtime.Config.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return membership.View.Live(now)
            .Where(m => m.ApplicationServer is not null && !string.Equals(m.InstanceId, membership.InstanceId, StringComparison.Ordinal))
            .Select(m => Host(m) is { } host ? new Member(host, m.Active) : null)
            .OfType<Member>().ToList();
    }

    private static HostInfo? Host(Standby.MemberRecord member)
    {
        try
        {
            return HostInfo.Parse(member.ApplicationServer!);
        }
        catch (StreamsConfigException)
        {
            return null; // not an address: not one of ours
        }
    }

    private sealed record Member(HostInfo Host, IReadOnlyList<TaskId> Active);
}
