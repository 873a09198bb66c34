using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>librdkafka's own log lines reach <see cref="StreamsConfig.LoggerFactory"/>, not standard error.</summary>
public class KafkaClientLoggingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(SyslogLevel.Emergency, LogLevel.Critical)]
    [InlineData(SyslogLevel.Critical, LogLevel.Critical)]
    [InlineData(SyslogLevel.Error, LogLevel.Error)]
    [InlineData(SyslogLevel.Warning, LogLevel.Warning)]
    [InlineData(SyslogLevel.Notice, LogLevel.Information)]
    [InlineData(SyslogLevel.Info, LogLevel.Information)]
    [InlineData(SyslogLevel.Debug, LogLevel.Debug)]
    public void SyslogLevels_MapToLogLevels(SyslogLevel syslog, LogLevel expected) =>
        Assert.Equal(expected, KafkaClientLogging.LevelOf(syslog));

    [Fact]
    public async Task RunningInstance_LogsLibrdkafkasLinesThroughItsLoggerFactory()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("counts", 2);
        using var state = new KafkaTestKit.TempDir();
        var logs = new CapturingLoggerFactory();
        var config = RuntimeApps.Config(cluster, "client-logging", state.Path);
        config.LoggerFactory = logs;
        config.Consumer.Debug = "cgrp"; // librdkafka's group-protocol debug lines: plenty, and only through the log handler

        await using var streams = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts")), config);
        streams.Start();

        Wait.Until(() => logs.Messages.Any(m => m.StartsWith("Debug: librdkafka ", StringComparison.Ordinal) && m.Contains("CGRP", StringComparison.Ordinal)),
            Deadline, "a librdkafka group-protocol line in the captured logs");
    }
}
