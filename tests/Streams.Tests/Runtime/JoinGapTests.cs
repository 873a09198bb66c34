using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// How long a second instance joining a running one takes on the embedded cluster, while input keeps arriving:
/// from its Start() until it processes records of the partitions it took over, how long those partitions go
/// without output, and how long the first instance pauses the partitions it keeps. A join is two rebalances
/// (cooperative-sticky: the first revokes what moves, the second assigns it), and the mock broker holds each
/// one for the session timeout less a second (<see cref="MockRebalanceWait"/>) before it elects a leader.
/// Measured: the first instance processes next to nothing while a rebalance is held (an offset commit sent then
/// returns only when the wait ends), so every partition, kept or moved, is silent for one or both waits (a
/// short burst between them or not). The bounds pin that: one wait per rebalance and some slack, so two come to
/// less than two session timeouts (now and then the mock adds a third rebalance: see where the test counts them).
/// </summary>
public class JoinGapTests(ITestOutputHelper output)
{
    private const int Partitions = 6;
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MockRebalanceWait = SessionTimeout - TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5); // measured: 0.1 s over the waits
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60); // a deadline, not the bound: the bounds are asserted on the measured figures

    [Fact]
    public async Task SecondInstanceJoiningARunningOne_ProcessesItsPartitionsAfterTwoRebalanceWaits_AndNoRecordIsLost()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("out", Partitions);
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var clock = Stopwatch.StartNew();
        var processed = new ProcessingLog(clock);
        var a = new KafkaStreams(RuntimeApps.Echo(v => processed.Add("a", v)), Config(cluster, dirA.Path));
        var b = new KafkaStreams(RuntimeApps.Echo(v => processed.Add("b", v)), Config(cluster, dirB.Path));
        var statesA = new StateRecorder(a);
        using var input = new SteadyInput(cluster);
        await using (a)
        await using (b)
        {
            a.Start();
            input.Start();
            Wait.Until(() => a.State == KafkaStreamsState.Running && a.ActiveTasks.Count == Partitions
                && processed.PartitionsSeen == Partitions, Deadline, "the first instance to process every partition");

            var joinedAt = clock.Elapsed;
            var statesBefore = statesA.States.Count;
            b.Start();
            Wait.Until(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
                && b.ActiveTasks.Count > 0 && a.ActiveTasks.Count + b.ActiveTasks.Count == Partitions
                && processed.LastBy("b") is not null, Deadline, "the second instance to own tasks and process records");
            var ownedAt = clock.Elapsed;
            Wait.Until(() => processed.LastBy("a") > ownedAt + Heartbeat, Deadline, "the first instance to process after the join");
            await input.StopAsync();

            var events = processed.Events;
            var moved = events.Where(e => e.Instance == "b").Select(e => e.Partition).Distinct().Order().ToList();
            var kept = Enumerable.Range(0, Partitions).Except(moved).ToList();
            // Each rebalance takes the first instance through Rebalancing back to Running once. Two, or now and then three: the
            // mock ends a SyncGroup round when the leader's request arrives and refuses a follower's that comes after it
            // (INVALID_REQUEST), so the follower joins again, one rebalance more (a real broker answers it with its assignment).
            var rebalances = statesA.States.Skip(statesBefore).Count(state => state == KafkaStreamsState.Rebalancing);
            var firstByB = events.Where(e => e.Instance == "b").Min(e => e.At) - joinedAt;
            // A partition's longest pause in output from the second instance's Start(), whichever instance processed it.
            TimeSpan Paused(int p) => LongestGap(events.Where(e => e.Partition == p && e.At >= joinedAt).Select(e => e.At));
            var movedPause = moved.Max(Paused);
            var keptPause = kept.Max(Paused);
            output.WriteLine($"session timeout {SessionTimeout.TotalSeconds:F0} s, heartbeats {Heartbeat.TotalSeconds:F1} s, {input.Produced} records produced");
            output.WriteLine($"rebalances: {rebalances}");
            output.WriteLine($"Start() of the second instance -> its first record processed: {firstByB.TotalSeconds:F1} s");
            output.WriteLine($"longest pause in output: {movedPause.TotalSeconds:F1} s on the moved partitions ({string.Join(",", moved)}), " +
                $"{keptPause.TotalSeconds:F1} s on the kept ones ({string.Join(",", kept)})");
            foreach (var p in Enumerable.Range(0, Partitions))
            {
                var times = events.Where(e => e.Partition == p && e.At >= joinedAt).OrderBy(e => e.At).ToList();
                var pauses = times.Zip(times.Skip(1)).Where(t => t.Second.At - t.First.At > TimeSpan.FromSeconds(1))
                    .Select(t => $"{t.First.Instance} {(t.First.At - joinedAt).TotalSeconds:F1} s -> {t.Second.Instance} {(t.Second.At - joinedAt).TotalSeconds:F1} s");
                output.WriteLine($"  partition {p}, pauses over 1 s after Start(): {string.Join("; ", pauses)}");
            }

            var seen = new HashSet<int>();
            var read = 0;
            KafkaTestKit.ReadUntil(cluster, "out", records =>
            {
                for (; read < records.Count; read++) seen.Add(Id(RuntimeApps.Text(records[read].Message.Value)));
                return seen.Count >= input.Produced;
            }, Deadline);
            Assert.Equal(Enumerable.Range(0, input.Produced), seen.Order());

            Assert.NotEmpty(moved);
            Assert.NotEmpty(kept);
            // Each rebalance held for one mock wait, not a session timeout: two of them come to less than two session timeouts.
            var bound = rebalances * MockRebalanceWait + Slack;
            Assert.True(2 * MockRebalanceWait + Slack < 2 * SessionTimeout);
            Assert.True(firstByB <= bound, $"the second instance processed its first record {firstByB.TotalSeconds:F1} s after Start(): more than {rebalances} rebalance waits");
            Assert.True(movedPause <= bound, $"the moved partitions went {movedPause.TotalSeconds:F1} s without output: more than {rebalances} rebalance waits");
            Assert.True(keptPause <= bound, $"the kept partitions went {keptPause.TotalSeconds:F1} s without output: more than {rebalances} rebalance waits");
        }
    }

    private static int Id(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static TimeSpan LongestGap(IEnumerable<TimeSpan> times)
    {
        var longest = TimeSpan.Zero;
        TimeSpan? previous = null;
        foreach (var t in times.Order())
        {
            if (previous is { } p && t - p > longest) longest = t - p;
            previous = t;
        }
        return longest;
    }

    private static StreamsConfig Config(EmbeddedKafkaCluster cluster, string stateDir)
    {
        var config = RuntimeApps.Config(cluster, "join-gap-app", stateDir);
        config.Consumer.SessionTimeoutMs = (int)SessionTimeout.TotalMilliseconds;
        config.Consumer.HeartbeatIntervalMs = (int)Heartbeat.TotalMilliseconds;
        return config;
    }

    /// <summary>Every record processed, when, by which instance, of which partition; cheap to ask the latest of, from any thread.</summary>
    private sealed class ProcessingLog(Stopwatch clock)
    {
        private readonly ConcurrentQueue<(TimeSpan At, string Instance, int Partition)> _events = new();
        private readonly ConcurrentDictionary<string, TimeSpan> _last = new();
        private readonly ConcurrentDictionary<int, bool> _partitions = new();

        public string Add(string instance, string value)
        {
            var at = clock.Elapsed;
            var partition = Id(value) % Partitions;
            _events.Enqueue((at, instance, partition));
            _last[instance] = at;
            _partitions.TryAdd(partition, true);
            return value;
        }

        public TimeSpan? LastBy(string instance) => _last.TryGetValue(instance, out var at) ? at : null;

        public int PartitionsSeen => _partitions.Count;

        public List<(TimeSpan At, string Instance, int Partition)> Events => [.. _events];
    }

    /// <summary>Ids 0, 1, 2, ... to partition id % 6, one to each partition every 50 ms, until stopped.</summary>
    private sealed class SteadyInput(EmbeddedKafkaCluster cluster) : IDisposable
    {
        private readonly IProducer<string, string> _producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        private readonly CancellationTokenSource _stop = new();
        private Task? _running;
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);

        public void Start() => _running = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    for (var p = 0; p < Partitions; p++)
                    {
                        var id = _produced;
                        _producer.Produce(new TopicPartition("in", id % Partitions), new Message<string, string> { Key = $"k{id % 60}", Value = id.ToString(CultureInfo.InvariantCulture) });
                        Volatile.Write(ref _produced, id + 1);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });

        /// <summary>Stops producing and waits until everything produced is acknowledged.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            if (_running is not null) await _running;
            Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(30)));
        }

        public void Dispose()
        {
            _stop.Cancel();
            _running?.Wait();
            _producer.Dispose();
            _stop.Dispose();
        }
    }
}
