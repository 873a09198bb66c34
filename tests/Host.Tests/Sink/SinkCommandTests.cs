using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Sink;

/// <summary>
/// <c>pulse sink</c> as a user runs it: its help, and bad flags, environment variables and
/// appsettings.json values failing at start with a message naming the setting (and never a secret).
/// None of these reaches Kafka or PostgreSQL.
/// </summary>
public sealed class SinkCommandTests
{
    private static readonly string[] Reachable = ["--bootstrap-servers", "127.0.0.1:1", "--postgres", "Host=127.0.0.1;Port=1"];

    [Fact]
    public void Help_ListsEveryFlagWithItsSetting()
    {
        using var pulse = PulseProcess.Run(["sink", "--help"]);

        Assert.Equal(0, pulse.ExitCode);
        var help = string.Join('\n', pulse.Stdout);
        foreach (var (flag, key) in new[]
                 {
                     ("--bootstrap-servers", "Kafka:BootstrapServers"), ("--schema-registry", "Kafka:SchemaRegistryUrl"),
                     ("--postgres", "Postgres:ConnectionString"), ("--group-id", "Sink:GroupId"), ("--batch-size", "Sink:BatchSize"),
                     ("--linger-ms", "Sink:LingerMs"), ("--dead-letter-topic", "Sink:DeadLetterTopic"),
                 })
        {
            Assert.Contains(flag, help, StringComparison.Ordinal);
            Assert.Contains(key, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RootHelp_ListsTheSinkCommand()
    {
        using var pulse = PulseProcess.Run(["--help"]);

        Assert.Equal(0, pulse.ExitCode);
        Assert.Contains(pulse.Stdout, line => line.TrimStart().StartsWith("sink", StringComparison.Ordinal));
    }

    [Fact]
    public void AFlagValueOfTheWrongType_FailsNamingTheFlag()
    {
        using var pulse = PulseProcess.Run(["sink", .. Reachable, "--batch-size", "lots"]);

        Assert.NotEqual(0, pulse.ExitCode);
        Assert.Contains("--batch-size", pulse.ErrorText, StringComparison.Ordinal);
        Assert.Contains("lots", pulse.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFlag_Fails()
    {
        using var pulse = PulseProcess.Run(["sink", .. Reachable, "--batch-sise", "5"]);

        Assert.NotEqual(0, pulse.ExitCode);
        Assert.Contains("--batch-sise", pulse.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangeFlag_FailsNamingTheSettingTheFlagAndTheEnvironmentVariable()
    {
        using var pulse = PulseProcess.Run(["sink", .. Reachable, "--batch-size", "0", "--linger-ms", "-1"]);

        Assert.Equal(2, pulse.ExitCode);
        Assert.Contains("Sink:BatchSize must be between 1 and 1000000 (got 0)", pulse.ErrorText, StringComparison.Ordinal);
        Assert.Contains("--batch-size, PULSE__Sink__BatchSize", pulse.ErrorText, StringComparison.Ordinal);
        Assert.Contains("Sink:LingerMs must be between 0 and 60000 (got -1)", pulse.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredSettings_AreAllNamedAtOnce()
    {
        using var pulse = PulseProcess.Run(["sink"]);

        Assert.Equal(2, pulse.ExitCode);
        Assert.Contains("Kafka:BootstrapServers is required", pulse.ErrorText, StringComparison.Ordinal);
        Assert.Contains("Postgres:ConnectionString is required", pulse.ErrorText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PULSE__Sink__LingerMs", "soon", "Sink:LingerMs must be a whole number")]
    [InlineData("PULSE__Sink__BatchSise", "5", "Sink:BatchSise is not a setting")]
    [InlineData("PULSE__Sink__DeadLetterTopic", "dead letters!", "Sink:DeadLetterTopic 'dead letters!' is not a valid Kafka topic name")]
    [InlineData("PULSE__Sink__RetryMaxDelayMs", "10", "Sink:RetryMaxDelayMs must be between 200 and 600000 (got 10)")]
    [InlineData("PULSE__Kafka__SchemaRegistryUrl", "registry:8081", "Kafka:SchemaRegistryUrl must be 'inprocess' or absolute http(s) URLs")]
    [InlineData("PULSE__Vitals__Topics__Stats", "", "Vitals:Topics:Stats must name a topic")]
    public void ABadEnvironmentValue_FailsNamingTheSetting(string variable, string value, string expected)
    {
        using var pulse = PulseProcess.Run(["sink", .. Reachable], new Dictionary<string, string> { [variable] = value });

        Assert.Equal(2, pulse.ExitCode);
        Assert.Contains(expected, pulse.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadValueInAppSettings_FailsNamingTheSetting()
    {
        var folder = Directory.CreateTempSubdirectory("pulse-settings-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "appsettings.json"), """{ "Sink": { "BatchSize": 2000000 } }""");

            using var pulse = PulseProcess.Run(["sink", .. Reachable], workingDirectory: folder.FullName);

            Assert.Equal(2, pulse.ExitCode);
            Assert.Contains("Sink:BatchSize must be between 1 and 1000000 (got 2000000)", pulse.ErrorText, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Flags_OverrideEnvironmentVariables()
    {
        using var pulse = PulseProcess.Run(["sink", .. Reachable, "--batch-size", "0"], new Dictionary<string, string> { ["PULSE__Sink__BatchSize"] = "100" });

        Assert.Contains("Sink:BatchSize must be between 1 and 1000000 (got 0)", pulse.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadConnectionString_IsNamed_WithoutItsPassword()
    {
        const string password = "s3cr3t;pw=x";
        using var pulse = PulseProcess.Run(["sink", "--bootstrap-servers", "127.0.0.1:1"],
            new Dictionary<string, string> { ["PULSE__Postgres__ConnectionString"] = $"Host=db;Password={password};Port=notaport" });

        Assert.Equal(2, pulse.ExitCode);
        Assert.Contains("Postgres:ConnectionString is not a valid connection string", pulse.ErrorText, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", pulse.ErrorText, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", string.Join('\n', pulse.Stdout), StringComparison.Ordinal);
    }
}
