using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// One application on the embedded cluster, started once for the class: counts per key (RocksDB,
/// cached) and per 10-second window (in memory) over three partitions, so three tasks.
/// </summary>
public sealed class InteractiveQueryFixture : IDisposable
{
    public const int Keys = 20;
    public const int PerKey = 30;
    public static readonly TimeSpan WindowSize = TimeSpan.FromSeconds(10);
    private const long Base = 1_700_000_000_000L;
    private readonly KafkaTestKit.TempDir _state = new();

    public InteractiveQueryFixture()
    {
        Input = Enumerable.Range(0, Keys * PerKey).Select(i => ($"key-{i % Keys:D2}", $"v{i}", Base + i * 1_000L)).ToList();
        Cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        Cluster.CreateTopic("iq-in", 3);
        KafkaTestKit.Produce(Cluster, "iq-in", Input);
        var config = KafkaTestKit.Config(Cluster, "iq-app", _state.Path);
        config.ApplicationServer = "localhost:7070";
        Streams = new KafkaStreams(Topology(), config);
        Streams.Start();
        Wait.Until(() => Streams.State == KafkaStreamsState.Running && AllCounted(), TimeSpan.FromSeconds(60), "every count to be queryable");
    }

    public EmbeddedKafkaCluster Cluster { get; }
    public KafkaStreams Streams { get; }
    public List<(string Key, string Value, long Timestamp)> Input { get; }

    public static Topology Topology()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("iq-in", Consumed.With(Serdes.String, Serdes.String));
        stream.GroupByKey().Count(Materialized.As<string, long>("counts"));
        stream.GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(WindowSize, TimeSpan.FromSeconds(1)))
            .Count(Materialized.As<string, long>("window-counts").WithStoreType(StoreType.InMemory).WithRetention(TimeSpan.FromHours(1)));
        return builder.Build();
    }

    private bool AllCounted()
    {
        try
        {
            var counts = Streams.Store<IReadOnlyKeyValueStore<string, long>>("counts");
            return Enumerable.Range(0, Keys).All(k => counts.Get($"key-{k:D2}") == PerKey);
        }
        catch (InvalidStateStoreException)
        {
            return false; // no task open yet
        }
    }

    public void Dispose()
    {
        Streams.CloseAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        Cluster.Dispose();
        _state.Dispose();
    }
}

public class InteractiveQueryTests(InteractiveQueryFixture fixture) : IClassFixture<InteractiveQueryFixture>
{
    private KafkaStreams Streams => fixture.Streams;

    [Fact]
    public void Get_ReturnsEachKeysCount_WhicheverTaskHoldsIt()
    {
        var counts = Streams.Store<IReadOnlyKeyValueStore<string, long>>("counts");

        for (var k = 0; k < InteractiveQueryFixture.Keys; k++)
        {
            Assert.True(counts.TryGet($"key-{k:D2}", out var count));
            Assert.Equal(InteractiveQueryFixture.PerKey, count);
        }
        Assert.False(counts.TryGet("no-such-key", out _));
    }

    [Fact]
    public void RangeAndAll_MergeEveryTask_InKeyOrder()
    {
        var counts = Streams.Store<IReadOnlyKeyValueStore<string, long>>("counts");
        var expectedKeys = Enumerable.Range(0, InteractiveQueryFixture.Keys).Select(k => $"key-{k:D2}").ToList();
        Assert.True(Streams.LocalMetadata().TopicPartitions.Count == 3, "the keys are spread over three tasks");

        var all = counts.All().ToList();
        var range = counts.Range("key-05", "key-09").ToList();

        Assert.Equal(expectedKeys, all.Select(kv => kv.Key));
        Assert.All(all, kv => Assert.Equal(InteractiveQueryFixture.PerKey, kv.Value));
        Assert.Equal(expectedKeys[5..10], range.Select(kv => kv.Key));
        Assert.True(counts.ApproximateNumEntries > 0);
    }

    [Fact]
    public void WindowStore_Fetch_ReturnsTheCountOfEachWindow()
    {
        var windows = Streams.Store<IReadOnlyWindowStore<string, long>>("window-counts");
        var size = (long)InteractiveQueryFixture.WindowSize.TotalMilliseconds;
        var expected = fixture.Input.GroupBy(r => (r.Key, Start: r.Timestamp - r.Timestamp % size))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var (key, start) = expected.Keys.First(k => k.Key == "key-03");

        var single = windows.Fetch(key, start);
        var ofKey = windows.Fetch(key, long.MinValue, long.MaxValue).ToList();
        var all = windows.All().ToList();

        Assert.Equal(expected[(key, start)], single);
        Assert.Equal(expected.Where(e => e.Key.Key == key).OrderBy(e => e.Key.Start).Select(e => new KeyValuePair<long, long>(e.Key.Start, e.Value)), ofKey);
        Assert.Equal(expected.Count, all.Count);
        Assert.All(all, kv => Assert.Equal(expected[(kv.Key.Key, kv.Key.Window.StartMs)], kv.Value));
        Assert.Equal(all.OrderBy(kv => kv.Key.Window.StartMs).ThenBy(kv => kv.Key.Key, StringComparer.Ordinal).Select(kv => kv.Key), all.Select(kv => kv.Key));
    }

    [Fact]
    public void UnknownStore_ThrowsUnknownStateStoreException_NamingTheStores()
    {
        var ex = Assert.Throws<UnknownStateStoreException>(() => Streams.Store<IReadOnlyKeyValueStore<string, long>>("nope"));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("counts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongStoreKindOrTypes_ThrowsArgumentException_NamingBoth()
    {
        var kind = Assert.Throws<ArgumentException>(() => Streams.Store<IReadOnlyWindowStore<string, long>>("counts"));
        var types = Assert.Throws<ArgumentException>(() => Streams.Store<IReadOnlyKeyValueStore<string, string>>("counts"));

        Assert.Contains("IReadOnlyKeyValueStore<String, Int64>", kind.Message, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyKeyValueStore<String, String>", types.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryMetadataForKey_ForAKeyHeldHere_IsThisInstance_AndThePartitionTheKeyWasWrittenTo()
    {
        var written = KafkaTestKit.ReadUntil(fixture.Cluster, "iq-in", r => r.Count >= fixture.Input.Count, TimeSpan.FromSeconds(30))
            .GroupBy(r => Serdes.String.Deserialize(r.Message.Key, default)!).ToDictionary(g => g.Key, g => g.Select(r => r.Partition.Value).Distinct().Single());

        foreach (var (key, partition) in written)
        {
            var metadata = await Streams.QueryMetadataForKeyAsync("counts", key, Serdes.String);
            Assert.Equal(new KeyQueryMetadata(new HostInfo("localhost", 7070), partition), metadata);
        }
        Assert.Equal(3, written.Values.Distinct().Count());
    }

    [Fact]
    public async Task QueryMetadataForKey_OfAnUnknownStore_ThrowsUnknownStateStoreException() =>
        await Assert.ThrowsAsync<UnknownStateStoreException>(() => Streams.QueryMetadataForKeyAsync("nope", "key-01", Serdes.String));

    [Fact]
    public void LocalMetadata_ListsThisInstancesHost_StoresAndPartitions()
    {
        var local = Streams.LocalMetadata();

        Assert.Equal(new HostInfo("localhost", 7070), local.HostInfo);
        Assert.Equal(["counts", "window-counts"], local.StateStoreNames.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 3).Select(p => new TopicPartition("iq-in", p)), local.TopicPartitions.OrderBy(tp => tp.Partition.Value));
    }

    /// <summary>
    /// The other instances are known from their heartbeats on the members topic, not from DescribeConsumerGroups
    /// (which librdkafka's mock broker does not answer): alone, the instance lists itself.
    /// </summary>
    [Fact]
    public async Task AllMetadata_OfTheOnlyInstance_IsItself()
    {
        var all = await Streams.AllMetadataAsync();

        var single = Assert.Single(all);
        var local = Streams.LocalMetadata();
        Assert.Equal(local.HostInfo, single.HostInfo);
        Assert.Equal(local.StateStoreNames.Order(StringComparer.Ordinal), single.StateStoreNames.Order(StringComparer.Ordinal));
        Assert.Equal(local.TopicPartitions.OrderBy(tp => tp.Partition.Value), single.TopicPartitions.OrderBy(tp => tp.Partition.Value));
    }
}
