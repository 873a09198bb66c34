using System.Collections.Concurrent;
using System.Diagnostics;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>The runtime's spans on the <see cref="StreamsTracing.SourceName"/> source: commits, rebalances, restores.</summary>
public sealed class StreamsTracingTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string App = "tracing-app";
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public StreamsTracingTests()
    {
        // Other tests run in parallel: keep only this application's spans.
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == StreamsTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == StreamsTracing.Restore ? a.Parent?.GetTagItem(StreamsMetrics.Tags.ApplicationId) as string == App
                        : a.GetTagItem(StreamsMetrics.Tags.ApplicationId) as string == App)
                    _stopped.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private List<Activity> Spans(string name) => _stopped.Where(a => a.OperationName == name).ToList();

    [Fact]
    public async Task ExactlyOnceInstance_TracesItsRebalances_ItsTransactions_AndOnRestartTheRestoreInsideTheRebalance()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("counts", 2);
        using var state = new KafkaTestKit.TempDir();
        var config = () => RuntimeApps.Config(cluster, App, state.Path, ProcessingGuarantee.ExactlyOnceV2);
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 24, keys: 6));

        await using (var streams = new KafkaStreams(RuntimeApps.Counts(Stores.InMemoryKeyValueStore("counts")), config()))
        {
            streams.Start();
            KafkaTestKit.ReadUntil(cluster, "counts", r => RuntimeApps.LatestCounts(r).Values.Sum() == 24, Deadline);
            Wait.Until(() => Spans(StreamsTracing.Commit).Sum(c => (long)c.GetTagItem(StreamsTracing.Tags.Records)!) >= 24, Deadline, "commit spans covering the 24 counts sent");
        }

        var assigned = Spans(StreamsTracing.Rebalance).Where(r => (string?)r.GetTagItem(StreamsTracing.Tags.Change) == "assigned").ToList();
        Assert.Contains(assigned, r => ((string)r.GetTagItem(StreamsTracing.Tags.Partitions)!).Split(',').Order().SequenceEqual(["in-0", "in-1"]));
        var commits = Spans(StreamsTracing.Commit);
        Assert.All(commits, c => Assert.Equal(true, c.GetTagItem(StreamsTracing.Tags.Transactional)));
        Assert.All(commits, c => Assert.Equal(ActivityStatusCode.Unset, c.Status));
        Assert.Contains(commits, c => (int)c.GetTagItem(StreamsTracing.Tags.Offsets)! > 0);
        Assert.Empty(Spans(StreamsTracing.Restore)); // the first start had nothing to restore

        // The in-memory store starts empty again: the restart restores it from the changelog, inside the assignment.
        await using (var restarted = new KafkaStreams(RuntimeApps.Counts(Stores.InMemoryKeyValueStore("counts")), config()))
        {
            restarted.Start();
            Wait.Until(() => Spans(StreamsTracing.Restore).Sum(r => (long)r.GetTagItem(StreamsTracing.Tags.Records)!) == 24, Deadline, "restore spans of the 24 changelog records");
        }
        var restores = Spans(StreamsTracing.Restore);
        Assert.All(restores, r => Assert.Equal(StreamsTracing.Rebalance, r.Parent?.OperationName));
        Assert.All(restores, r => Assert.Equal("counts", r.GetTagItem(StreamsMetrics.Tags.Store)));
        Assert.Equal(["tracing-app-counts-changelog-0", "tracing-app-counts-changelog-1"], restores.Select(r => (string)r.GetTagItem(StreamsTracing.Tags.Changelog)!).Order());
    }

    public void Dispose() => _listener.Dispose();
}
