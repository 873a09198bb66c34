using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// Reads the outputs of the test app's topology (Streams.TestApp's <c>EchoCountTopology</c>) from
/// the start of every partition, without a group: which instance echoed each input id, and the
/// latest count per key. Call <see cref="Poll"/> from a wait's condition.
/// </summary>
internal sealed class EchoCountOutputs : IDisposable
{
    public const string EchoTopic = "echo";
    public const string CountsTopic = "counts";

    private readonly IConsumer<byte[], byte[]> _consumer;

    public EchoCountOutputs(EmbeddedKafkaCluster cluster, int partitions)
    {
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "outputs-" + Guid.NewGuid().ToString("N"), // never joins: partitions are assigned by hand
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions)
            .SelectMany(p => new[] { new TopicPartitionOffset(EchoTopic, p, Offset.Beginning), new TopicPartitionOffset(CountsTopic, p, Offset.Beginning) }));
    }

    /// <summary>Every instance that echoed each input id, in the order read.</summary>
    public Dictionary<int, List<string>> Echoes { get; } = [];

    /// <summary>The instances in the order their first echo was read.</summary>
    public List<string> Instances { get; } = [];

    /// <summary>The latest count read per key.</summary>
    public Dictionary<string, long> Counts { get; } = [];

    /// <summary>Reads what has arrived (up to a bounded batch).</summary>
    public void Poll()
    {
        for (var n = 0; n < 50_000; n++)
        {
            var r = _consumer.Consume(TimeSpan.FromMilliseconds(n == 0 ? 50 : 0));
            if (r is null) return;
            if (r.IsPartitionEOF) continue;
            if (r.Topic == EchoTopic)
            {
                var parts = Encoding.UTF8.GetString(r.Message.Value).Split('|');
                var id = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                if (!Echoes.TryGetValue(id, out var by)) Echoes[id] = by = [];
                by.Add(parts[0]);
                if (!Instances.Contains(parts[0])) Instances.Add(parts[0]);
            }
            else
            {
                Counts[Encoding.UTF8.GetString(r.Message.Key)] = Deserializers.Int64.Deserialize(r.Message.Value, false, default);
            }
        }
    }

    /// <summary>True once every id in [0, <paramref name="count"/>) was echoed at least once.</summary>
    public bool HasEchoed(int count)
    {
        Poll();
        return Echoes.Count >= count && Enumerable.Range(0, count).All(Echoes.ContainsKey);
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
