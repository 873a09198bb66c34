using System.Text.Json;
using pulse.vitals;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.AlertTail;

/// <summary><c>pulse alerts</c> as a process, reading the alert topics of an embedded cluster.</summary>
public sealed class AlertsCommandTests(PipelineCluster cluster) : IClassFixture<PipelineCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Help_ListsItsSettings()
    {
        var (exit, output, _) = Cli.Invoke("alerts", "--help");

        Assert.Equal(0, exit);
        foreach (var flag in new[] { "--bootstrap-servers", "--all", "--json", "--from-beginning", "--group-id", "--schema-registry" })
            Assert.Contains(flag, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_FromTheBeginning_PrintsEachDispatchedAlert_AndWithAllTheNotifiedOnesToo_SkippingWhatIsNotAnAlert()
    {
        var dispatched = Produce("dispatch-only", cluster.Topics.Dispatch, 3);
        var notified = Produce("notify-only", cluster.Topics.Notify, 2);
        using (var producer = new VitalsProducer(cluster.Kafka))
        {
            producer.SendBytes(cluster.Topics.Dispatch, "garbage", [1, 2, 3]);
            producer.Flush();
        }

        using var tail = PulseProcess.Start(["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--json", "--from-beginning"]);
        using var all = PulseProcess.Start(["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--json", "--from-beginning", "--all"]);
        Wait.Until(() => Ids(tail).IsSupersetOf(dispatched), Timeout, () => $"the dispatched alerts\n{tail.Output()}");
        Wait.Until(() => Ids(all).IsSupersetOf(dispatched.Concat(notified)), Timeout, () => $"every alert\n{all.Output()}");
        Wait.Until(() => tail.Logged("not an alert or order event"), Timeout, () => $"the garbage record reported\n{tail.Output()}");

        Assert.Empty(Ids(tail).Intersect(notified));
        Assert.All(Lines(tail), o => Assert.Equal(cluster.Topics.Dispatch, o.GetProperty("topic").GetString()));
        tail.Terminate(Timeout);
        Assert.Equal(0, tail.ExitCode);
    }

    [Fact]
    public void BrokerGoneAndBack_IsSaidOnceEachWay_AndGoneForGood_ExitsOneAfterTheGiveUpTime()
    {
        using var kafka = Pulse.Streams.Testing.EmbeddedKafkaCluster.Start(brokers: 1);
        kafka.CreateTopic(cluster.Topics.Dispatch, 2);
        using var tail = PulseProcess.Start(["alerts", "--bootstrap-servers", kafka.BootstrapServers, "--give-up-after", "8s"]);
        Wait.Until(() => tail.Logged("Tailing"), Timeout, tail.Output);

        kafka.SetBrokerDown(1);
        Wait.Until(() => tail.Logged("Lost the connection to Kafka"), Timeout, tail.Output);
        kafka.SetBrokerUp(1);
        Wait.Until(() => tail.Logged("again after"), Timeout, tail.Output);
        Assert.False(tail.HasExited, tail.Output());

        kafka.SetBrokerDown(1);
        tail.WaitForExit(Timeout);

        Assert.Equal(1, tail.ExitCode);
        Assert.Equal(2, tail.Stderr.Count(l => l.Contains("Lost the connection to Kafka", StringComparison.Ordinal)));
        Assert.Contains(tail.Stderr, l => l.Contains("has been unreachable for 8s (AlertTail:GiveUpAfter); giving up.", StringComparison.Ordinal));
        Assert.True(tail.Stderr.Count < 12, tail.Output());
    }

    [Fact]
    public void BrokerUnreachableFromTheStart_ExitsOneAfterTheGiveUpTime_InOneLine()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var run = PulseProcess.Run(["alerts", "--bootstrap-servers", "127.0.0.1:9", "--give-up-after", "3s"], timeout: Timeout);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Stderr, l => l.Contains("127.0.0.1:9 has been unreachable for 3s (AlertTail:GiveUpAfter); giving up.", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Stderr, l => l.Contains("   at ", StringComparison.Ordinal));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(25), $"took {started.Elapsed}, not the 3 s asked for"); // 30 s before: a fixed metadata wait
    }

    [Fact]
    public void InAGroup_ASecondRunResumesWhereTheFirstLeftOff()
    {
        var group = "tail-" + Guid.NewGuid().ToString("N");
        var first = Produce("grouped-1", cluster.Topics.Dispatch, 2);
        string[] args = ["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--json", "--from-beginning", "--group-id", group];
        using (var run = PulseProcess.Start(args))
        {
            Wait.Until(() => Ids(run).IsSupersetOf(first), Timeout, () => $"the first alerts\n{run.Output()}");
            run.Terminate(Timeout); // commits and leaves the group
        }

        var later = Produce("grouped-2", cluster.Topics.Dispatch, 1);
        using var again = PulseProcess.Start(args);
        Wait.Until(() => Ids(again).IsSupersetOf(later), Timeout, () => $"the later alert\n{again.Output()}");

        Assert.Empty(Ids(again).Intersect(first));
    }

    [Fact]
    public void Text_PrintsOneReadableLinePerAlert()
    {
        var ids = Produce("text", cluster.Topics.Dispatch, 1);

        using var tail = PulseProcess.Start(["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--from-beginning"]);
        Wait.Until(() => tail.Stdout.Any(l => l.Contains("text-0: NEWS2 6", StringComparison.Ordinal)), Timeout, () => $"the alert's line\n{tail.Output()}");

        var line = tail.Stdout.Single(l => l.Contains("text-0: NEWS2 6", StringComparison.Ordinal));
        Assert.Contains(" CRITICAL ", line, StringComparison.Ordinal);
        Assert.Contains(" ESCALATED ", line, StringComparison.Ordinal);
        Assert.Single(ids);
    }

    [Fact]
    public void ACriticalReading_ThroughAReplica_IsPrintedByTheTail()
    {
        using var state = new TempFolder("pulse-alerts-"); // deleted last, once the replica has stopped
        using var replica = ReplicaProcess.Start("replica", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, state.Path, "at_least_once");
        using var tail = PulseProcess.Start(["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--json", "--from-beginning"]);
        replica.WaitUntilRunning(Timeout);

        using (var producer = new VitalsProducer(cluster.Kafka))
        {
            var reading = VitalRecords.Reading("deteriorating-1", VitalRecords.Start);
            (reading.respiratory_rate, reading.spo2, reading.systolic_bp, reading.heart_rate) = (30, 88, 85, 140); // NEWS2 high risk
            producer.Send(cluster.Topics.Raw, reading.patient_id, reading);
            producer.Flush();
        }

        Wait.Until(() => Lines(tail).Any(o => o.GetProperty("patient_id").GetString() == "deteriorating-1"), Timeout,
            () => $"the replica's alert printed\n{tail.Output()}\n{replica.Describe()}");
        var alert = Lines(tail).First(o => o.GetProperty("patient_id").GetString() == "deteriorating-1");
        Assert.Equal("NEWS2", alert.GetProperty("rule").GetString());
        Assert.Equal("CRITICAL", alert.GetProperty("severity").GetString());
        Assert.Equal("RAISED", alert.GetProperty("state").GetString());
        Assert.True(alert.GetProperty("news2_score").GetInt32() >= 7, alert.ToString());
        // The reading says where the patient is and no vehicle is in reach: the dispatch order waits, printed beside the alert.
        Wait.Until(() => AllLines(tail).Any(o => o.TryGetProperty("order_id", out _) && o.GetProperty("patient_id").GetString() == "deteriorating-1"), Timeout,
            () => $"the order printed\n{tail.Output()}");
        var order = AllLines(tail).First(o => o.TryGetProperty("order_id", out _));
        Assert.Equal(("NO_VEHICLE", "dispatch.orders"), (order.GetProperty("status").GetString(), order.GetProperty("topic").GetString()));
        replica.Process.Terminate(Timeout);
    }

    [Fact]
    public void AnEpisode_AcknowledgedFromTheCommandLine_IsAcknowledgedByTheReplica()
    {
        using var state = new TempFolder("pulse-ack-");
        using var replica = ReplicaProcess.Start("replica", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, state.Path, "at_least_once");
        using var tail = PulseProcess.Start(["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--json", "--from-beginning", "--all"]);
        replica.WaitUntilRunning(Timeout);
        using (var producer = new VitalsProducer(cluster.Kafka))
        {
            var reading = VitalRecords.Reading("acknowledged-1", VitalRecords.Start);
            (reading.respiratory_rate, reading.spo2, reading.systolic_bp, reading.heart_rate) = (30, 88, 85, 140);
            producer.Send(cluster.Topics.Raw, reading.patient_id, reading);
            producer.Flush();
        }
        Wait.Until(() => Lines(tail).Any(o => o.GetProperty("patient_id").GetString() == "acknowledged-1"), Timeout,
            () => $"the episode raised\n{tail.Output()}\n{replica.Describe()}");

        var ack = PulseProcess.Run(["alerts", "ack", "acknowledged-1", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--by", "nurse.test",
            "--note", "on my way"], timeout: Timeout);

        Assert.True(ack.ExitCode == 0, ack.Output());
        Assert.Contains(ack.Stdout, l => l.StartsWith("Acknowledged their open episode of patient acknowledged-1 as nurse.test (alerts.acks partition ", StringComparison.Ordinal));
        Wait.Until(() => Lines(tail).Any(o => o.GetProperty("state").GetString() == "ACKNOWLEDGED"), Timeout, () => $"the acknowledgement\n{tail.Output()}");
        var acknowledged = Lines(tail).First(o => o.GetProperty("state").GetString() == "ACKNOWLEDGED");
        Assert.Equal(("acknowledged-1", "nurse.test"), (acknowledged.GetProperty("patient_id").GetString(), acknowledged.GetProperty("acknowledged_by").GetString()));
        Assert.Equal("Patient acknowledged-1: acknowledged by nurse.test: on my way.", acknowledged.GetProperty("message").GetString());
        replica.Process.Terminate(Timeout);
    }

    [Fact]
    public void Ack_WithoutAPatientOrWithABadTimeout_Exits2_AndToAnUnreachableBroker_Exits1InOneLine()
    {
        var (exit, _, error) = Cli.Invoke("alerts", "ack");
        Assert.Equal(2, exit);
        Assert.Contains("patient", error, StringComparison.OrdinalIgnoreCase);

        var bad = PulseProcess.Run(["alerts", "ack", "P-1", "--timeout", "soon"], timeout: Timeout);
        Assert.Equal(2, bad.ExitCode);
        Assert.True(bad.Logged("AlertAck:Timeout"), bad.Output());

        var unreachable = PulseProcess.Run(["alerts", "ack", "P-1", "--bootstrap-servers", "127.0.0.1:9", "--timeout", "2s"], timeout: Timeout);
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Single(unreachable.Stderr, l => l.Contains("did not take the acknowledgement within 2s", StringComparison.Ordinal));
        Assert.DoesNotContain(unreachable.Stderr, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingTopic_ExitsNonZeroSayingHowToMakeIt()
    {
        var run = PulseProcess.Run(["alerts", "--bootstrap-servers", cluster.Kafka.BootstrapServers],
            new Dictionary<string, string> { ["PULSE__Vitals__Topics__Dispatch"] = "no.such.alerts" }, timeout: Timeout);

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.Logged("Topic 'no.such.alerts' does not exist") && run.Logged("pulse init"), run.Output());
    }

    /// <summary>Sends <paramref name="count"/> escalated alerts of patients <c>&lt;prefix&gt;-0…</c>; returns their ids.</summary>
    private List<string> Produce(string prefix, string topic, int count)
    {
        using var producer = new VitalsProducer(cluster.Kafka);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var alert = VitalRecords.Alert($"{prefix}-{i}", AlertState.ESCALATED, VitalRecords.Start.AddSeconds(i));
            producer.Send(topic, alert.patient_id, alert);
            ids.Add(alert.alert_id);
        }
        producer.Flush();
        return ids;
    }

    /// <summary>The alert events printed (order events, which the tail prints beside them, left out).</summary>
    private static List<JsonElement> Lines(PulseProcess tail) =>
        [.. AllLines(tail).Where(o => !o.TryGetProperty("order_id", out _))];

    private static List<JsonElement> AllLines(PulseProcess tail) =>
        tail.Stdout.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static HashSet<string> Ids(PulseProcess tail) => Lines(tail).Select(o => o.GetProperty("alert_id").GetString()!).ToHashSet();
}
