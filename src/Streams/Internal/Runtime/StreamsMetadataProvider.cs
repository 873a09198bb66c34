using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.Topology;
using Pulse.Streams.Serdes;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Answers which instance holds what. This instance's part comes from its own task snapshots (no
/// broker call); the other instances' from DescribeConsumerGroups of the application's group, whose
/// members carry their <see cref="StreamsConfig.ApplicationServer"/> in their client ids
/// (<see cref="ApplicationServerClientId"/>). A key's partition is Kafka's default partitioner
/// (murmur2 of the serialized key) over the task count of the store's sub-topology, which is the
/// partition count of its source topics.
/// </summary>
internal sealed class StreamsMetadataProvider(RuntimeContext runtime, Func<IReadOnlyList<StreamThread>> threads) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private IAdminClient? _admin;
    private bool _disposed;

    private HostInfo Self => runtime.Config.ApplicationServer is { } server ? HostInfo.Parse(server)
        : throw new StreamsConfigException($"Set {nameof(StreamsConfig.ApplicationServer)} ('host:port') to ask which instance holds a key.");

    /// <summary>This instance: its address, its tasks' input partitions and stores, and every global store.</summary>
    public StreamsMetadata Local()
    {
        var partitions = threads().SelectMany(t => t.Tasks.Snapshot).SelectMany(task => task.Inputs).ToHashSet();
        return new StreamsMetadata(Self, StoresOf(partitions), partitions);
    }

    /// <summary>Every instance of the application, this one first.</summary>
    public async Task<IReadOnlyList<StreamsMetadata>> AllAsync(CancellationToken cancellationToken)
    {
        var local = Local();
        var result = new List<StreamsMetadata> { local };
        foreach (var group in (await DescribeAsync(cancellationToken).ConfigureAwait(false)).GroupBy(m => m.Host))
        {
            if (group.Key == local.HostInfo) continue; // this instance's own snapshot is fresher than the group's view
            var partitions = group.SelectMany(m => m.Partitions).ToHashSet();
            result.Add(new StreamsMetadata(group.Key, StoresOf(partitions), partitions));
        }
        return result;
    }

    /// <summary>The instance whose task holds <paramref name="key"/> of <paramref name="storeName"/>, and the key's partition.</summary>
    public async Task<KeyQueryMetadata> ForKeyAsync<TKey>(string storeName, TKey key, Serde<TKey> keySerde, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keySerde);
        var store = LocalStores.Find(runtime, storeName);
        if (store.IsGlobal) return new KeyQueryMetadata(Self, -1);
        var (sub, tasks) = runtime.TasksPerSubtopology.First(t => t.Sub.Stores.Contains(store));
        var partition = PartitionOf(key, keySerde, runtime.Resolve(sub.SourceTopics.First()), tasks);
        var task = new TaskId(sub.Id, partition);
        if (threads().Any(t => t.Tasks.Snapshot.Any(x => x.Id == task))) return new KeyQueryMetadata(Self, partition);
        var inputs = sub.SourceTopics.Select(t => new TopicPartition(runtime.Resolve(t), partition)).ToHashSet();
        var owner = (await DescribeAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.Partitions.Any(inputs.Contains));
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

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _admin?.Dispose();
            _admin = null;
        }
    }

    private IReadOnlySet<string> StoresOf(IReadOnlySet<TopicPartition> partitions)
    {
        var stores = new HashSet<string>(runtime.GlobalStores.Keys, StringComparer.Ordinal);
        foreach (var (sub, _) in runtime.TasksPerSubtopology)
            if (sub.SourceTopics.Any(t => partitions.Any(tp => tp.Topic == runtime.Resolve(t))))
                stores.UnionWith(sub.Stores.Select(s => s.Builder.Name));
        return stores;
    }

    private async Task<List<Member>> DescribeAsync(CancellationToken cancellationToken)
    {
        var group = runtime.Config.ApplicationId;
        try
        {
            var result = await Admin().DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = RequestTimeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return result.ConsumerGroupDescriptions.SelectMany(g => g.Members)
                .Select(m => ApplicationServerClientId.Decode(m.ClientId) is { } host
                    ? new Member(host, m.Assignment?.TopicPartitions ?? [])
                    : null)
                .OfType<Member>().ToList();
        }
        catch (KafkaException ex)
        {
            throw new StreamsException($"Could not learn the instances of application '{group}': DescribeConsumerGroups of group '{group}' failed: {ex.Message}.", ex);
        }
    }

    private IAdminClient Admin()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_admin is not null) return _admin;
            var config = new AdminClientConfig(runtime.Config.Admin.ToDictionary(kv => kv.Key, kv => kv.Value));
            config.BootstrapServers ??= runtime.Config.BootstrapServers;
            return _admin = new AdminClientBuilder(config).Build();
        }
    }

    private sealed record Member(HostInfo Host, IReadOnlyList<TopicPartition> Partitions);
}
