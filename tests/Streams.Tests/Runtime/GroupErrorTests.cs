using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// What the group coordinator answers must not kill a stream thread when it only means the group moved on, and must
/// stop the application with a message naming the setting when the broker refuses one of ours.
/// </summary>
public class GroupErrorTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CommittedOffsetsRefused_WhileAssigning_TheThreadRejoins_AndRuns()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("out", 2);
        using var state = new KafkaTestKit.TempDir();
        var logs = new CapturingLoggerFactory();
        var config = RuntimeApps.Config(cluster, "churn", state.Path); // a short session: the mock lets each rejoin wait about that long
        config.LoggerFactory = logs;
        cluster.PushRequestErrors(KafkaApiKeys.OffsetFetch, ErrorCode.RebalanceInProgress, ErrorCode.RebalanceInProgress, ErrorCode.RebalanceInProgress,
            ErrorCode.RebalanceInProgress, ErrorCode.RebalanceInProgress, ErrorCode.RebalanceInProgress);

        await using var streams = new KafkaStreams(RuntimeApps.Echo(), config);
        streams.Start();
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 20));
        try
        {
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 20, Deadline);
        }
        finally
        {
            output.WriteLine(string.Join('\n', logs.Messages.Where(l => !l.Contains("Debug", StringComparison.Ordinal)).Take(80)));
            for (var e = streams.Failure; e is not null; e = e.InnerException) output.WriteLine($"FAILURE {e.GetType().FullName} {(e as KafkaException)?.Error.Code}");
        }


        Assert.Equal(KafkaStreamsState.Running, streams.State);
    }

    [Fact]
    public async Task SessionTimeoutRefusedByTheBroker_StopsTheApplication_NamingTheSetting()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 1);
        cluster.CreateTopic("out", 1);
        using var state = new KafkaTestKit.TempDir();
        var config = KafkaTestKit.Config(cluster, "bad-session", state.Path);
        config.Consumer.SessionTimeoutMs = 3_000;
        cluster.PushRequestErrors(KafkaApiKeys.JoinGroup, Enumerable.Repeat(ErrorCode.InvalidSessionTimeout, 20).ToArray());

        await using var streams = new KafkaStreams(RuntimeApps.Echo(), config);
        streams.Start();
        Wait.Until(() => streams.State is KafkaStreamsState.Error or KafkaStreamsState.NotRunning, Deadline, "the application to stop");

        output.WriteLine(streams.Failure?.ToString() ?? "no failure");
        Assert.IsType<StreamsConfigException>(streams.Failure);
        Assert.Contains("session.timeout.ms", streams.Failure.Message, StringComparison.Ordinal);
    }
}
