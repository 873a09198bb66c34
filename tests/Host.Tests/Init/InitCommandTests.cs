using Pulse.Host.Tests.TestSupport;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.Init;

/// <summary><c>pulse init</c> as a process: topics found or made, the database migrated, twice over; and what it says when it cannot.</summary>
public sealed class InitCommandTests(PipelineCluster cluster, PostgresFixture postgres) : IClassFixture<PipelineCluster>, IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Help_ListsItsSettings()
    {
        var (exit, output, _) = Cli.Invoke("init", "--help");

        Assert.Equal(0, exit);
        foreach (var flag in new[] { "--bootstrap-servers", "--postgres", "--partitions", "--replication-factor", "--application-id" })
            Assert.Contains(flag, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Twice_OnTheEmbeddedCluster_FindsEveryTopic_AndMigratesOnce_NeverPrintingThePassword()
    {
        const string password = "Init-S3cret-pw";
        var database = postgres.NewDatabase() + $";Password={password}";
        var env = new Dictionary<string, string> { ["PULSE__Postgres__ConnectionString"] = database };
        string[] args = ["init", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--application-id", PipelineCluster.ApplicationId];

        var first = PulseProcess.Run(args, env, timeout: Timeout);
        var second = PulseProcess.Run(args, env, timeout: Timeout);

        Assert.True(first.ExitCode == 0, first.Output());
        Assert.True(second.ExitCode == 0, second.Output());
        foreach (var run in new[] { first, second })
        {
            Assert.Contains(run.Stdout, l => l.TrimStart().StartsWith("exists", StringComparison.Ordinal) && l.Contains(" vitals.raw ", StringComparison.Ordinal));
            Assert.Contains(run.Stdout, l => l.Contains($"{PipelineCluster.ApplicationId}-vitals-rolling-changelog", StringComparison.Ordinal));
            Assert.DoesNotContain(run.Stdout, l => l.TrimStart().StartsWith("failed", StringComparison.Ordinal));
            Assert.False(run.Logged(password), run.Output());
        }
        Assert.True(first.Logged($"applied {Pulse.Host.Postgres.Migrator.Migrations.Count} migration(s)"), first.Output());
        Assert.True(second.Logged("up to date"), second.Output());
        Assert.Equal(Pulse.Host.Postgres.Migrator.Migrations.Count, Sql.Count(database, "schema_migrations"));
    }

    [Fact]
    public void WithoutPostgres_MakesTopicsOnly_AndSaysTheDatabaseWasSkipped()
    {
        var run = PulseProcess.Run(["init", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--application-id", PipelineCluster.ApplicationId],
            timeout: Timeout);

        Assert.True(run.ExitCode == 0, run.Output());
        Assert.True(run.Logged("PostgreSQL: skipped"), run.Output());
    }

    [Fact]
    public void OnAClusterThatCannotCreateTopics_FailsSayingWhatToDo()
    {
        using var bare = EmbeddedKafkaCluster.Start(brokers: 1); // no topics, and librdkafka's mock never answers CreateTopics

        var run = PulseProcess.Run(["init", "--bootstrap-servers", bare.BootstrapServers],
            new Dictionary<string, string> { ["PULSE__Topics__CreateTimeoutMs"] = "2000" }, timeout: Timeout);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Stdout, l => l.TrimStart().StartsWith("failed", StringComparison.Ordinal) && l.Contains(" vitals.raw ", StringComparison.Ordinal));
        Assert.True(run.Logged("'pulse broker' creates the pipeline's topics itself"), run.Output());
    }

    [Fact]
    public void BadSettings_FailNamingThem()
    {
        var run = PulseProcess.Run(["init", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--partitions", "0"],
            new Dictionary<string, string> { ["PULSE__Postgres__ConnectionString"] = "Host=;Password=Init-S3cret-pw", ["PULSE__Vitals__Topics__DispatchOrders"] = "no spaces!" },
            timeout: Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Logged("Topics:Partitions must be between 1 and 10000 (got 0). [set it with --partitions, PULSE__Topics__Partitions"), run.Output());
        Assert.True(run.Logged("Vitals:Topics:DispatchOrders"), run.Output());
        Assert.True(run.Logged("Postgres:ConnectionString"), run.Output());
        Assert.False(run.Logged("Init-S3cret-pw"), run.Output());
    }
}
