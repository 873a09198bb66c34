using System.Diagnostics;
using Confluent.Kafka;
using Pulse.Streams.Testing;

namespace Pulse.Bench;

/// <summary>
/// What a bare consumer reads of the same preloaded input on the same embedded cluster, with the
/// stream threads' fetch settings and no processing: once straight through, and once pausing a
/// partition whenever 1,000 of its records are in hand and resuming it when they are handed on
/// (the stream thread's back-pressure, <c>StreamThread.ApplyBackPressure</c>). The gap between the
/// two is what pausing costs: librdkafka drops a paused partition's prefetched records and
/// fetches them again on resume.
/// </summary>
internal static class ConsumerBaseline
{
    private const int PauseAt = 1_000;

    public static double RecordsPerSecond(EmbeddedKafkaCluster cluster, string topic, int partitions, int records, bool pauseResume)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "baseline-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 4 * 1024 * 1024,
            QueuedMaxMessagesKbytes = 64 * 1024,
            FetchQueueBackoffMs = 10,
        }).Build();
        var all = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        consumer.Assign(all.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var inHand = new int[partitions];
        var paused = new bool[partitions];
        var read = 0;
        var start = Stopwatch.GetTimestamp();
        var deadline = Environment.TickCount64 + 180_000;
        while (read < records && Environment.TickCount64 < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null)
            {
                if (paused.Any(x => x)) ResumeAll(consumer, all, inHand, paused); // the last partitions never fill up
                continue;
            }
            read++;
            if (!pauseResume) continue;
            var p = r.Partition.Value;
            if (++inHand[p] < PauseAt) continue;
            consumer.Pause([all[p]]);
            paused[p] = true;
            if (paused.Any(x => !x)) continue;
            ResumeAll(consumer, all, inHand, paused); // every partition is paused: "process" what is in hand, as the stream thread does
        }
        return read / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void ResumeAll(IConsumer<byte[], byte[]> consumer, List<TopicPartition> all, int[] inHand, bool[] paused)
    {
        Array.Clear(inHand);
        Array.Clear(paused);
        consumer.Resume(all);
    }
}
