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
/// A suppressed windowed count survives a restart. The app closes a first window, then is stopped while the
/// second is open (every input processed and committed, its final result still buffered) and restarted on an
/// empty state directory, so the buffer comes back from its changelog with the stream time it had seen. A late
/// record for the first window then changes nothing (the aggregation upstream forgot its stream time, the buffer
/// did not), and closing the second window emits each key's final result once, with the count of every record.
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

        KafkaTestKit.Produce(cluster, "in", [.. Records(T, perKey: 3), .. Records(T + 10_000, perKey: 2)]);
        var first = new KafkaStreams(Topology(), RuntimeApps.Config(cluster, app, firstDir.Path, guarantee));
        await using (first)
        {
            first.Start();
            KafkaTestKit.ReadUntil(cluster, "finals", r => r.Count >= Keys, Deadline); // [T, T + 10 s) closed
            // Every key's count of 2 in [T + 10 s, T + 20 s) is in the buffer (and its changelog); that window is open.
            KafkaTestKit.ReadUntil(cluster, changelog, r => LatestBuffered(r) is { Count: Keys } latest && latest.All(e => e.Key.Start == T + 10_000 && e.Value == 2), Deadline);
            Assert.Equal(KafkaStreamsState.Running, first.State);
        }
        Assert.Equal(Keys, RuntimeApps.ReadAll(cluster, "finals", 2, Deadline).Count);

        var restored = new StoreRestores();
        var config = RuntimeApps.Config(cluster, app, secondDir.Path, guarantee);
        config.StateRestoreListener = restored;
        var second = new KafkaStreams(Topology(), config);
        await using (second)
        {
            second.Start();
            Wait.Until(() => second.State == KafkaStreamsState.Running, Deadline, "the restarted instance to run");
            Assert.InRange(restored.Of(BufferStore), 2 * Keys, 7 * Keys); // a put per key and commit, a tombstone per emitted window

            KafkaTestKit.Produce(cluster, "in", Records(T + 5_000, perKey: 1)); // late for the first window
            KafkaTestKit.Produce(cluster, "in", Records(T + 20_000, perKey: 1)); // closes the second window on both partitions
            KafkaTestKit.ReadUntil(cluster, "finals", r => r.Count >= 2 * Keys, Deadline);
            KafkaTestKit.Produce(cluster, "in", Records(T + 30_000, perKey: 1)); // closes the third: anything repeated comes before it
            KafkaTestKit.ReadUntil(cluster, "finals", r => r.Count >= 3 * Keys, Deadline);
        }

        var finals = RuntimeApps.ReadAll(cluster, "finals", 2, Deadline)
            .Select(r => (Key: WindowedKeys.Deserializer.Deserialize(r.Message.Key, false, default), Count: Serdes.Int64.Deserialize(r.Message.Value, default)))
            .ToList();
        foreach (var (start, count) in new[] { (T, 3L), (T + 10_000, 2L), (T + 20_000, 1L) })
        {
            var window = finals.Where(f => f.Key.Window.StartMs == start).ToList();
            Assert.Equal(Keys, window.Select(f => f.Key.Key).Distinct().Count());
            Assert.All(window, f => Assert.Equal(count, f.Count));
        }
        Assert.Equal(3 * Keys, finals.Count);
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

    /// <summary>The count each windowed key's latest buffer entry holds, from the buffer's changelog; a tombstone removes the entry.</summary>
    private static Dictionary<(string Key, long Start), long> LatestBuffered(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<(string, long), long>();
        foreach (var r in records)
        {
            var key = WindowedKeys.Deserializer.Deserialize(r.Message.Key, false, default);
            if (r.Message.Value is null) latest.Remove((key.Key, key.Window.StartMs));
            else latest[(key.Key, key.Window.StartMs)] = Serdes.Int64.Deserialize(BufferValue.Deserialize(r.Message.Value).NewValue, default);
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
