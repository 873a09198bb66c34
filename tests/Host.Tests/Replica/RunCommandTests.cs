using System.Text.Json;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Replica;

/// <summary><c>pulse run</c>'s command line: help, settings from flags, environment and appsettings.json, and what it logs.</summary>
public sealed class RunCommandTests(PipelineCluster cluster) : IClassFixture<PipelineCluster>, IDisposable
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("pulse-run-").FullName;

    [Fact]
    public void SessionTimeoutTheBrokerRefuses_ExitsOne_NamingTheSettingAndHowToSetIt()
    {
        // librdkafka's mock accepts any session timeout; a real broker refuses one below group.min.session.timeout.ms.
        cluster.Kafka.PushRequestErrors(Pulse.Streams.Testing.KafkaApiKeys.JoinGroup, Enumerable.Repeat(Confluent.Kafka.ErrorCode.InvalidSessionTimeout, 10).ToArray());
        try
        {
            var run = PulseProcess.Run(["run", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--application-id", PipelineCluster.OtherApplicationId,
                "--state-dir", _folder, "--http", "none", "--standby-replicas", "0"], new Dictionary<string, string> { ["PULSE__Kafka__Properties__session.timeout.ms"] = "3000" },
                timeout: Start);

            Assert.Equal(1, run.ExitCode);
            Assert.True(run.Logged("The broker refused the consumer's session.timeout.ms (3000)"), run.Output());
            Assert.True(run.Logged("Kafka:Properties:session.timeout.ms"), run.Output());
        }
        finally
        {
            cluster.Kafka.ClearRequestErrors(Pulse.Streams.Testing.KafkaApiKeys.JoinGroup);
        }
    }

    [Fact]
    public void Help_ListsEverySettingWithItsKey()
    {
        var (exit, output, _) = Cli.Invoke("run", "--help");

        Assert.Equal(0, exit);
        foreach (var key in new[] { "--bootstrap-servers", "--application-id", "--state-dir", "--threads", "--processing-guarantee", "--standby-replicas",
                     "--schema-registry", "--http", "--log-format", "--otlp-endpoint", "[Streams:ProcessingGuarantee]", "[Http:Address]" })
            Assert.Contains(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFlag_FailsNamingTheFlag()
    {
        var (exit, _, error) = Cli.Invoke("run", "--threads", "many");

        Assert.NotEqual(0, exit);
        Assert.Contains("--threads", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadEnvironmentValues_FailBeforeStarting_EachNamedWithItsFlagAndVariable()
    {
        var run = PulseProcess.Run(["run", "--bootstrap-servers", cluster.Kafka.BootstrapServers], new Dictionary<string, string>
        {
            ["PULSE__Streams__Threads"] = "0",
            ["PULSE__Http__Address"] = "ftp://somewhere",
            ["PULSE__Vitals__Stats__Grace"] = "-00:00:01",
        });

        Assert.Equal(2, run.ExitCode);
        var error = string.Join('\n', run.Stderr);
        Assert.Contains("Streams:Threads must be between 1 and 64 (got 0). [set it with --threads, PULSE__Streams__Threads", error, StringComparison.Ordinal);
        Assert.Contains("Http:Address must be 'none' or http://HOST:PORT", error, StringComparison.Ordinal);
        Assert.Contains("Vitals:Stats:Grace must not be negative", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProcessingGuarantee_FailsNamingKafkasNamesAndTheFlag()
    {
        var run = PulseProcess.Run(["run", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--processing-guarantee", "maybe_once"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Streams:ProcessingGuarantee must be at_least_once or exactly_once_v2. [set it with --processing-guarantee, PULSE__Streams__ProcessingGuarantee",
            string.Join('\n', run.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public void BadAppSettings_FailNamingTheSetting_AndUnknownKeysAreCaught()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            { "Streams": { "StandbyReplicas": "two", "Treads": 2 } }
            """);

        var run = PulseProcess.Run(["run", "--bootstrap-servers", cluster.Kafka.BootstrapServers], workingDirectory: _folder);

        Assert.Equal(2, run.ExitCode);
        var error = string.Join('\n', run.Stderr);
        Assert.True(error.Contains("Streams:StandbyReplicas must be a whole number", StringComparison.Ordinal)
                    || error.Contains("Streams:Treads is not a setting", StringComparison.Ordinal), run.Output());
    }

    [Fact]
    public void MissingSourceTopic_ExitsNonZero_SayingHowToCreateIt()
    {
        var run = PulseProcess.Run(["run", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--state-dir", _folder, "--http", "none",
            "--application-id", PipelineCluster.ApplicationId], new Dictionary<string, string> { ["PULSE__Vitals__Topics__Raw"] = "no.such.topic" },
            timeout: Start);

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.Logged("Source topic 'no.such.topic' does not exist") && run.Logged("pulse init"), run.Output());
    }

    [Fact]
    public void SecondReplicaOnTheSameStateDir_IsRefusedNamingTheSetting()
    {
        using var first = ReplicaProcess.Start("first", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, _folder, "at_least_once");
        first.WaitUntilRunning(Start);

        var second = PulseProcess.Run(["run", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--application-id", PipelineCluster.ApplicationId,
            "--state-dir", _folder, "--http", "none"], timeout: Start);

        Assert.Equal(2, second.ExitCode);
        Assert.True(second.Logged("Streams:StateDir is in use by another replica") && second.Logged("--state-dir"), second.Output());
        Assert.False(first.Process.HasExited, first.Describe());
    }

    [Fact]
    public void StartupLog_InJson_NamesTheSettingsButNoSecret()
    {
        const string kafkaSecret = "Kafka-S3cret-pw";
        const string registrySecret = "Registry-S3cret-pw";
        const string otlpSecret = "Otlp-S3cret-token";
        using var replica = ReplicaProcess.Start("replica", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, _folder, "at_least_once",
            new Dictionary<string, string>
            {
                ["PULSE__Kafka__Properties__sasl.username"] = "pulse",
                ["PULSE__Kafka__Properties__sasl.password"] = kafkaSecret,
                ["PULSE__Kafka__SchemaRegistryUrl"] = $"http://pulse:{registrySecret}@127.0.0.1:1",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
                ["OTEL_EXPORTER_OTLP_HEADERS"] = $"Authorization=Bearer {otlpSecret}",
            }, "--log-format", "json");
        replica.WaitUntilRunning(Start);
        replica.Process.Terminate(TimeSpan.FromMinutes(1));

        var lines = replica.Process.Stderr.Concat(replica.Process.Stdout).ToList();
        Assert.Contains(lines, l => l.Contains("Starting " + PipelineCluster.ApplicationId + ":", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("registry http://***@127.0.0.1:1", StringComparison.Ordinal));
        foreach (var secret in new[] { kafkaSecret, registrySecret, otlpSecret })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        // Every log entry is one JSON object on one line. (librdkafka's own warnings, "%4|…|CONFWARN|…", bypass the logger:
        // the engine sets no log handler on its clients.)
        var entries = replica.Process.Stderr.Where(l => !l.StartsWith('%')).ToList();
        Assert.NotEmpty(entries);
        foreach (var line in entries)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
        }
        Assert.Equal(0, replica.Process.ExitCode);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
