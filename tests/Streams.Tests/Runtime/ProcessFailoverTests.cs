using System.Globalization;
using Confluent.Kafka;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// Several OS processes, each one KafkaStreams instance of the test app (input ids → echo with the
/// instance's name, and a count per key in RocksDB), sharing one application id and the six
/// partitions of its input on an embedded cluster that lives in this process. Input id i goes to
/// partition i % 6 with key "k{i % 60}", so each key has one partition and a known count.
/// </summary>
public sealed class ProcessFailoverTests : IDisposable
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private const int Partitions = 6;
    private const int Keys = 60;
    private const int RoundSize = 600;
    private const string InputTopic = "ids";

    // Commits on a timer as well as at revocation and close: a commit that meets a rebalance is retried with the
    // next one (at-least-once), and a group call inside a rebalance callback that meets the group moving on makes
    // the thread rejoin rather than fail (GroupErrorTests).
    private const string CommitIntervalMs = "500";

    // How soon a killed process's partitions move; the mock also lets a rebalance wait about this
    // long for members to rejoin, so it sets the pace of every step here.
    private const string SessionTimeoutMs = "3000";
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Processed = TimeSpan.FromSeconds(25);

    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(brokers: 3);
    private readonly KafkaTestKit.TempDir _state = new();
    private readonly List<ChildStreamsProcess> _children = [];
    private readonly string _applicationId = "procs-" + Guid.NewGuid().ToString("N")[..8];
    private readonly IProducer<string, string> _producer;
    private readonly EchoCountOutputs _outputs;
    private int _produced;

    private void Phase(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,5:F1} s  {what}");

    private readonly ITestOutputHelper _output;

    public ProcessFailoverTests(ITestOutputHelper output)
    {
        _output = output;
        foreach (var topic in new[] { InputTopic, EchoCountOutputs.EchoTopic, EchoCountOutputs.CountsTopic, $"{_applicationId}-counts-changelog" })
            _cluster.CreateTopic(topic, Partitions, replicationFactor: 3);
        _cluster.CreateTopic($"{_applicationId}-offsets", 1, replicationFactor: 3); // read by the runtime under exactly-once only
        _producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        _outputs = new EchoCountOutputs(_cluster, Partitions);
    }

    [Fact]
    public void TwoProcesses_ShareSixPartitions_ProcessEveryRecordOnce_AndCloseCleanlyOnSigterm()
    {
        var c1 = StartChild("c1");
        var c2 = StartChild("c2");
        c1.WaitFor("RUNNING", Startup);
        c2.WaitFor("RUNNING", Startup);

        ProduceRoundsUntil(() => _outputs.Instances.Count == 2, "both processes to echo records");

        AssertEveryIdEchoed();
        Assert.All(_outputs.Echoes, e => Assert.Single(e.Value)); // no failure, only clean rebalances: nothing repeated
        TerminateCleanly(c1, c2);
        AssertCounts(exact: true); // the close flushed the count store's cache
    }

    [Fact]
    public void ThreeProcesses_OneKilledMidStream_TheOthersTakeOver_NothingIsLost_AndTheRestartedOneRejoins()
    {
        var c1 = StartChild("c1");
        var c2 = StartChild("c2");
        var c3 = StartChild("c3");
        foreach (var c in new[] { c1, c2, c3 }) c.WaitFor("RUNNING", Startup);
        Phase("three running");
        ProduceRoundsUntil(() => _outputs.Instances.Count == 3, "all three processes to echo records");
        Phase($"three echoing after {_produced} ids");

        // Mid-stream: the next round is in the topic, unprocessed, when c2 dies without committing.
        ProduceRound();
        c2.Kill();
        var killedAt = _produced;
        ProduceRound();
        Wait.Until(() => _outputs.HasEchoed(_produced), Processed, $"c1 and c3 to take over c2's partitions and echo all {_produced} ids");
        var afterKill = Enumerable.Range(killedAt, _produced - killedAt).SelectMany(id => _outputs.Echoes[id]).ToHashSet();
        Assert.DoesNotContain("c2", afterKill);
        Phase("c2 killed, c1 and c3 took over");

        var c2b = StartChild("c2b", stateOf: "c2"); // the same machine restarted: its state directory is still there
        c2b.WaitFor("RUNNING", Startup);
        Phase("c2b running");
        ProduceRoundsUntil(() => _outputs.Instances.Contains("c2b"), "the restarted process to get partitions back and echo records");
        Phase($"c2b echoing after {_produced} ids");

        AssertEveryIdEchoed();
        TerminateCleanly(c1, c3, c2b);
        Phase("all closed");
        AssertCounts(exact: false); // at-least-once: c2's uncommitted records were processed again
    }

    /// <summary>
    /// SIGTERM to each in turn: each must flush, commit, leave the group and exit 0. Before the next
    /// one stops, the rest have been assigned the partitions the last one left.
    /// </summary>
    private static void TerminateCleanly(params ChildStreamsProcess[] children)
    {
        const string Assigned = "-StreamThread-0 assigned";
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            var rest = children[(i + 1)..];
            var assignedBefore = rest.Select(c => c.LogCount(Assigned)).ToList();
            Assert.False(child.HasExited, $"{child.Name} exited before it was stopped\n{child.Output()}");
            child.Terminate(TimeSpan.FromSeconds(25));
            Assert.True(child.ExitCode == 0 && child.Count("CLOSED") == 1, $"{child.Name} did not close cleanly (exit code {child.ExitCode})\n{child.Output()}");
            for (var j = 0; j < rest.Length; j++)
            {
                var (other, before) = (rest[j], assignedBefore[j]);
                other.WaitUntil(() => other.LogCount(Assigned) > before, Startup, $"be assigned {child.Name}'s partitions");
            }
        }
    }

    private ChildStreamsProcess StartChild(string instance, string? stateOf = null, string guarantee = "at_least_once")
    {
        var child = ChildStreamsProcess.Start(instance,
        [
            "--bootstrap", _cluster.BootstrapServers, "--app-id", _applicationId, "--instance", instance,
            "--state-dir", Path.Combine(_state.Path, stateOf ?? instance), "--guarantee", guarantee,
            "--threads", "1", "--session-timeout-ms", SessionTimeoutMs, "--commit-interval-ms", CommitIntervalMs,
        ]);
        _children.Add(child);
        return child;
    }

    /// <summary>Produces rounds of ids, each processed before the next, until <paramref name="done"/> holds after a round.</summary>
    private void ProduceRoundsUntil(Func<bool> done, string what)
    {
        var deadline = Environment.TickCount64 + (long)Processed.TotalMilliseconds;
        do
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out after {_produced} ids waiting for {what}; instances seen: {string.Join(", ", _outputs.Instances)}\n" +
                string.Join('\n', _children.Select(c => c.Output())));
            ProduceRound();
            Wait.Until(() => _outputs.HasEchoed(_produced), Processed, $"{_produced} ids echoed (while waiting for {what})");
        }
        while (!done());
    }

    /// <summary>Ids [_produced, _produced + RoundSize): id i with key k{i % 60} to partition i % 6.</summary>
    private void ProduceRound()
    {
        for (var i = _produced; i < _produced + RoundSize; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            _producer.Produce(new TopicPartition(InputTopic, i % Partitions), new Message<string, string> { Key = $"k{i % Keys}", Value = id });
        }
        Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(10)));
        _produced += RoundSize;
    }

    private void AssertEveryIdEchoed()
    {
        var missing = Enumerable.Range(0, _produced).Where(id => !_outputs.Echoes.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {_produced} ids never echoed, e.g. {string.Join(", ", missing.Take(10))}");
    }

    /// <summary>The latest count of each key equals (exact) or is at least the number of ids produced with it.</summary>
    private void AssertCounts(bool exact)
    {
        Wait.Until(() =>
        {
            _outputs.Poll();
            return Enumerable.Range(0, Keys).All(k => _outputs.Counts.GetValueOrDefault($"k{k}") >= Expected(k));
        }, Processed, "every key's count to reach its number of ids");
        if (!exact) return;
        var wrong = Enumerable.Range(0, Keys).Where(k => _outputs.Counts[$"k{k}"] != Expected(k))
            .Select(k => $"k{k}: {_outputs.Counts[$"k{k}"]} (expected {Expected(k)})").ToList();
        Assert.True(wrong.Count == 0, "counts differ: " + string.Join(", ", wrong));
    }

    private long Expected(int key) => Enumerable.Range(0, _produced).Count(i => i % Keys == key);

    public void Dispose()
    {
        foreach (var child in _children) child.Dispose();
        _outputs.Dispose();
        _producer.Dispose();
        _cluster.Dispose();
        _state.Dispose();
    }
}
