using System.Diagnostics;
using Confluent.Kafka;
using Pulse.Streams.Testing;

namespace Pulse.Bench;

/// <summary>
/// A consumer of the reference topology's output topics, on a thread of its own, that records for
/// each record of "readings.high"/"readings.low" (one per valid input) the end-to-end latency:
/// wall clock when read minus the record's timestamp (set to the wall clock when the input was
/// produced; the stateless branch keeps it). "stats" records are only counted: they leave the
/// cached window store on commit, so their delay is the commit interval, not the pipeline's.
/// </summary>
internal sealed class LatencyRecorder : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Thread _thread;
    private readonly long[] _arrivalMs;
    private readonly int[] _latencyMs;
    private volatile bool _stop;
    private int _count;
    private long _stats;

    public LatencyRecorder(EmbeddedKafkaCluster cluster, int partitions, int capacity)
    {
        _arrivalMs = new long[capacity];
        _latencyMs = new int[capacity];
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "latency-" + Guid.NewGuid().ToString("N"), // assigned by hand; never joins
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
            MaxPartitionFetchBytes = 4 * 1024 * 1024,
            IsolationLevel = IsolationLevel.ReadCommitted, // what a downstream consumer would use (the mock does not enforce it)
        }).Build();
        _consumer.Assign(new[] { ReferenceTopology.HighTopic, ReferenceTopology.LowTopic, ReferenceTopology.StatsTopic }
            .SelectMany(t => Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(t, p, Offset.Beginning))));
        _thread = new Thread(Run) { Name = "latency-recorder", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Records of readings.high and readings.low read so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public long Stats => Interlocked.Read(ref _stats);

    /// <summary>Latency percentiles (ms) of the records that arrived at or after <paramref name="fromMs"/> (wall clock).</summary>
    public (int Records, double P50, double P99, double Max) Percentiles(long fromMs)
    {
        var n = Count;
        var selected = new List<int>(n);
        for (var i = 0; i < n; i++)
            if (_arrivalMs[i] >= fromMs) selected.Add(_latencyMs[i]);
        if (selected.Count == 0) return (0, double.NaN, double.NaN, double.NaN);
        selected.Sort();
        return (selected.Count, At(selected, 0.50), At(selected, 0.99), selected[^1]);
    }

    /// <summary>
    /// Latency percentiles (ms) up to the end of the first commit that ended after each record was
    /// read (see <see cref="CommitClock"/>), over the records read at or after <paramref name="fromMs"/>.
    /// </summary>
    public (int Records, double P50, double P99, double Max) CommittedPercentiles(long fromMs, CommitClock commits)
    {
        var n = Count;
        var selected = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            if (_arrivalMs[i] < fromMs || commits.FirstEndAtOrAfter(_arrivalMs[i]) is not { } end) continue;
            selected.Add(_latencyMs[i] + (int)(end - _arrivalMs[i]));
        }
        if (selected.Count == 0) return (0, double.NaN, double.NaN, double.NaN);
        selected.Sort();
        return (selected.Count, At(selected, 0.50), At(selected, 0.99), selected[^1]);
    }

    private static double At(List<int> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private void Run()
    {
        while (!_stop)
        {
            var r = _consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (r is null || r.IsPartitionEOF) continue;
            if (r.Topic == ReferenceTopology.StatsTopic)
            {
                Interlocked.Increment(ref _stats);
                continue;
            }
            var now = NowMs();
            var i = _count;
            if (i >= _arrivalMs.Length) continue;
            _arrivalMs[i] = now;
            _latencyMs[i] = (int)Math.Min(int.MaxValue, now - r.Message.Timestamp.UnixTimestampMs);
            Volatile.Write(ref _count, i + 1);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
    }
}
