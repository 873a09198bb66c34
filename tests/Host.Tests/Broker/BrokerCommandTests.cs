using System.Text;
using Confluent.Kafka;
using Pulse.Host.Broker;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Broker;

/// <summary><c>pulse broker</c> as a process: a bootstrap line clients can use, every topic made, replicas that run against it.</summary>
public sealed class BrokerCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("pulse-broker-").FullName;

    [Fact]
    public void Help_ListsItsSettings()
    {
        var (exit, output, _) = Cli.Invoke("broker", "--help");

        Assert.Equal(0, exit);
        foreach (var flag in new[] { "--brokers", "--partitions", "--application-id", "--bootstrap-file" })
            Assert.Contains(flag, output, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintsABootstrapLine_ThatAProducerAndAReplicaCanUse_AndCleansUpOnStop()
    {
        var file = Path.Combine(_folder, "bootstrap");
        using var broker = PulseProcess.Start(["broker", "--partitions", "3", "--application-id", "broker-test", "--bootstrap-file", file]);
        // The file and the stdout line are written by the child; the line reaches us through a reader thread, so wait for both.
        Wait.Until(() => (File.Exists(file) && broker.Stdout.Any(l => l.StartsWith(EmbeddedBroker.BootstrapLinePrefix, StringComparison.Ordinal))) || broker.HasExited,
            Timeout, () => $"the bootstrap file and line\n{broker.Output()}");
        var line = Assert.Single(broker.Stdout, l => l.StartsWith(EmbeddedBroker.BootstrapLinePrefix, StringComparison.Ordinal));
        var bootstrap = line[EmbeddedBroker.BootstrapLinePrefix.Length..];
        Assert.Equal(bootstrap, File.ReadAllText(file).Trim());

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            var topics = admin.GetMetadata(TimeSpan.FromSeconds(30)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
            Assert.Equal(3, topics["vitals.raw"]);
            Assert.Equal(3, topics["alerts.dispatch"]);
            Assert.Equal(3, topics["broker-test-vitals-rolling-changelog"]);
        }
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            producer.Produce("dispatch.orders", new Message<string, string> { Key = "ambulance-1", Value = "go" });
            Assert.Equal(0, producer.Flush(Timeout));
        }
        using (var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "broker-test-reader" }).Build())
        {
            consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("dispatch.orders", p, Offset.Beginning)));
            ConsumeResult<string, string>? read = null;
            Wait.Until(() => (read = consumer.Consume(TimeSpan.FromMilliseconds(200))) is not null, Timeout, "the record back");
            Assert.Equal("ambulance-1", read!.Message.Key);
        }
        using (var replica = ReplicaProcess.Start("replica", bootstrap, "broker-test", Path.Combine(_folder, "state"), "exactly_once_v2"))
        {
            replica.WaitUntilRunning(Timeout); // its internal topics were there: the mock cannot create them for it
            Assert.False(replica.Process.HasExited, replica.Describe());
            replica.Process.Terminate(Timeout);
        }

        broker.Terminate(Timeout);
        Assert.Equal(0, broker.ExitCode);
        Assert.False(File.Exists(file), "a stale bootstrap file would point scripts at nothing");
    }

    [Fact]
    public void BadSettings_FailNamingThem()
    {
        var run = PulseProcess.Run(["broker", "--brokers", "0"], new Dictionary<string, string> { ["PULSE__Topics__Partitions"] = "-1" }, timeout: Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Logged("Broker:Brokers must be between 1 and 9 (got 0). [set it with --brokers, PULSE__Broker__Brokers"), run.Output());
        Assert.True(run.Logged("Topics:Partitions must be between 1 and 10000 (got -1). [set it with --partitions, PULSE__Topics__Partitions"), run.Output());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
