using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Schemas.Registry;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// Watches <c>vitals.enriched</c> from its end, in the background: per partition, when each enriched reading arrived
/// and when it was stamped, to tell how soon the output of a killed replica's partitions resumed.
/// </summary>
internal sealed class EnrichedArrivals : IDisposable
{
    private readonly ConcurrentDictionary<int, ConcurrentQueue<(DateTime Stamped, long Arrived)>> _arrivals = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EnrichedArrivals(PipelineCluster cluster)
    {
        var deserializer = AvroSerdes.Deserializer<EnrichedReading>(InProcessSchemaRegistry.Seeded());
        _loop = Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = cluster.Kafka.BootstrapServers, GroupId = "arrivals-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false, FetchWaitMaxMs = 10,
            }).Build();
            consumer.Assign(Enumerable.Range(0, PipelineCluster.Partitions).Select(p => new TopicPartitionOffset(cluster.Topics.Enriched, p, Offset.End)));
            while (!_stop.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is not { } r) continue;
                var reading = deserializer.Deserialize(r.Message.Value, false, new SerializationContext(MessageComponentType.Value, r.Topic)).reading;
                _arrivals.GetOrAdd(r.Partition.Value, _ => new()).Enqueue((reading.timestamp, Stopwatch.GetTimestamp()));
            }
        });
    }

    /// <summary>Partitions that have had output.</summary>
    public int Partitions => _arrivals.Count;

    /// <summary>
    /// How long after <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) each partition's first reading stamped after
    /// <paramref name="stampedAfter"/> arrived; partitions without one yet are left out.
    /// </summary>
    public Dictionary<int, TimeSpan> FirstArrivals(DateTime stampedAfter, long since) =>
        _arrivals.Select(kv => (kv.Key, First: kv.Value.FirstOrDefault(a => a.Stamped > stampedAfter)))
            .Where(x => x.First.Arrived != 0)
            .ToDictionary(x => x.Key, x => Stopwatch.GetElapsedTime(since, x.First.Arrived));

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
