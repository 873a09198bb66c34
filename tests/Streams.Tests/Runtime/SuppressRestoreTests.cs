using System.Collections.Concurrent;
using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A suppressed windowed count survives a restart: the app is stopped while its window is open (every input
/// processed and committed, the final result still buffered), restarted on an empty state directory, so the
/// buffer comes back from its changelog, and then the window closes: each key's final result appears once,
/// with the count of every record.
/// </summary>
public class SuppressRestoreTests
{
    private const int Keys = 6;
    private const long T = 1_700_000_000_000; // a multiple of the window size
    private const string BufferStore = "KTABLE-SUPPRESS-STATE-STORE-0000000004";
    private static readonly TimeSpan Size = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly Serde<Windowed<string>> WindowedKeys = WindowedSerdes.TimeWindowed(Serdes.String, Size);

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task StoppedMidWindow_RestoredFromTheChangelog_EmitsEachFinalResultOnce(ProcessingGuarantee guarantee)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("finals", 2);
        using var firstDir = new KafkaTestKit.TempDir();
        using var secondDir = new KafkaTestKit.TempDir();
        var app = "suppress-app-" + (guarantee == ProcessingGuarantee.AtLeastOnce ? "alos" : "eos");
        var changelog = $"{app}-{BufferStore}-changelog";

        KafkaTestKit.Produce(cluster, "in", Records(T, perKey: 3));
        var first = new KafkaStreams(Topology(), RuntimeApps.Config(cluster, app, firstDir.Path, guarantee));
        await using (first)
        {
            first.Start();
            // Every key's count of 3 is in the buffer (and its changelog); the window is still open.
            KafkaTestKit.ReadUntil(cluster, changelog, r => LatestBuffered(r) is { Count: Keys } latest && latest.Values.All(c => c == 3), Deadline);
            Assert.Equal(KafkaStreamsState.Running, first.State);
        }
        Assert.Empty(RuntimeApps.ReadAll(cluster, "finals", 2, Deadline));

        var restored = new StoreRestores();
        var config = RuntimeApps.Config(cluster, app, secondDir.Path, guarantee);
        config.StateRestoreListener = restored;
        var second = new KafkaStreams(Topology(), config);
        await using (second)
        {
            second.Start();
            Wait.Until(() => second.State == KafkaStreamsState.Running, Deadline, "the restarted instance to run");
            Assert.InRange(restored.Of(BufferStore), Keys, 3 * Keys); // a put per key and commit, at most one per record

            KafkaTestKit.Produce(cluster, "in", Records(T + 10_000, perKey: 1)); // closes [T, T + 10 s) on both partitions
            KafkaTestKit.ReadUntil(cluster, "finals", r => r.Count >= Keys, Deadline);
            KafkaTestKit.Produce(cluster, "in", Records(T + 20_000, perKey: 1)); // closes the next window: anything repeated comes before it
            KafkaTestKit.ReadUntil(cluster, "finals", r => r.Count >= 2 * Keys, Deadline);
        }

        var finals = RuntimeApps.ReadAll(cluster, "finals", 2, Deadline)
            .Select(r => (Key: WindowedKeys.Deserializer.Deserialize(r.Message.Key, false, default), Count: Serdes.Int64.Deserialize(r.Message.Value, default)))
            .ToList();
        var firstWindow = finals.Where(f => f.Key.Window.StartMs == T).ToList();
        Assert.Equal(Keys, firstWindow.Count);
        Assert.Equal(Keys, firstWindow.Select(f => f.Key.Key).Distinct().Count());
        Assert.All(firstWindow, f => Assert.Equal(3, f.Count));
        Assert.Equal(Keys, finals.Count(f => f.Key.Window.StartMs == T + 10_000 && f.Count == 1));
        Assert.Equal(2 * Keys, finals.Count);
    }

    private static Topology Topology()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(Size))
            .Count()
            .Suppress(Suppressed.UntilWindowCloses())
            .ToStream()
            .To("finals", Produced.With(WindowedKeys, Serdes.Int64));
        return builder.Build();
    }

    private static List<(string Key, string Value, long Timestamp)> Records(long start, int perKey) =>
        Enumerable.Range(0, Keys * perKey).Select(i => ($"key-{i % Keys}", $"v{i}", start + i)).ToList();

    /// <summary>The count each key's latest buffer entry holds, from the buffer's changelog; a tombstone removes the key.</summary>
    private static Dictionary<string, long> LatestBuffered(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<string, long>();
        foreach (var r in records)
        {
            var key = WindowedKeys.Deserializer.Deserialize(r.Message.Key, false, default).Key;
            if (r.Message.Value is null) latest.Remove(key);
            else latest[key] = Serdes.Int64.Deserialize(BufferValue.Deserialize(r.Message.Value).NewValue, default);
        }
        return latest;
    }

    /// <summary>The records restored per store, from any thread.</summary>
    private sealed class StoreRestores : IStateRestoreListener
    {
        private readonly ConcurrentDictionary<string, long> _restored = new();

        public long Of(string store) => _restored.GetValueOrDefault(store);

        public void OnRestoreEnd(TopicPartition changelog, string storeName, long totalRestored) =>
            _restored.AddOrUpdate(storeName, totalRestored, (_, n) => n + totalRestored);
    }
}
