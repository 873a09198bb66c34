using System.Globalization;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Host.Configuration;
using Pulse.Host.Observability;
using Pulse.Host.Postgres;
using Pulse.Host.Replica;
using Pulse.Host.Sink;
using Pulse.Streams;
using Pulse.Vitals;

namespace Pulse.Host.Init;

/// <summary>
/// <c>pulse init</c>'s work, once: creates the pipeline's missing topics (<see cref="PipelineTopics"/>,
/// <see cref="TopicInitializer"/>) and migrates the database when one is configured
/// (<see cref="Migrator"/>), printing one line per topic and one for the database on stdout, then
/// stops the host. Safe to run twice: existing topics and applied migrations are left alone.
/// <see cref="Fault"/> is set when anything was not done.
/// </summary>
internal sealed partial class InitRunner(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<InitRunner> logger) : BackgroundService
{
    private volatile Exception? _fault;

    /// <summary>Why something was not done, or null when all was.</summary>
    public Exception? Fault => _fault;

    /// <summary>Where the report goes (stdout).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting: the admin client's first call blocks
        try
        {
            using (HostTracing.Source.StartActivity("init.topics"))
                await TopicsAsync(stoppingToken).ConfigureAwait(false);
            using (HostTracing.Source.StartActivity("init.schemas"))
                await SchemasAsync().ConfigureAwait(false);
            using (HostTracing.Source.StartActivity("init.database"))
                await DatabaseAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _fault ??= new OperationCanceledException("Stopped before init finished.");
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task TopicsAsync(CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var topics = services.GetRequiredService<IOptions<TopicCreationOptions>>().Value;
        var vitals = services.GetRequiredService<IOptions<VitalsOptions>>().Value;
        var sink = services.GetRequiredService<IOptions<SinkOptions>>().Value;
        var replica = services.GetRequiredService<IOptions<ReplicaOptions>>().Value;
        var timeout = TimeSpan.FromMilliseconds(topics.CreateTimeoutMs);
        var config = new AdminClientConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal)) { BootstrapServers = kafka.BootstrapServers };
        using var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, m) => KafkaClientLogging.Log(logger, m))
            .Build();
        var initializer = new TopicInitializer(admin, timeout);
        Dictionary<string, int> existing;
        try
        {
            existing = initializer.Existing();
        }
        catch (KafkaException e)
        {
            Fail($"Kafka {kafka.BootstrapServers}: cannot reach the cluster ({e.Error.Reason}); check Kafka:BootstrapServers and Kafka:Properties.", e);
            return;
        }
        // Internal topics follow the raw topic's partitions, as the engine sizes them: the existing ones if it exists.
        var partitions = existing.GetValueOrDefault(vitals.Topics.Raw, topics.Partitions);
        var specs = PipelineTopics.For(vitals, sink.DeadLetterTopic, replica.ApplicationId, partitions);
        var outcomes = await initializer.EnsureAsync(specs, topics.ReplicationFactor, cancellationToken).ConfigureAwait(false);
        await Output.WriteLineAsync($"Kafka {kafka.BootstrapServers}: {specs.Count} topics").ConfigureAwait(false);
        foreach (var o in outcomes)
            await Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {o.Result.ToString().ToLowerInvariant(),-8} {o.Topic.Name,-45} {(o.Partitions ?? o.Topic.Partitions),4} partitions  {(o.Topic.Compacted ? "compact" : "delete"),-7}  {o.Topic.Purpose}")).ConfigureAwait(false);
        foreach (var warning in outcomes.Where(o => o.Result != TopicResult.Failed && o.Detail is not null))
            await Output.WriteLineAsync($"  warning: {warning.Topic.Name} {warning.Detail}").ConfigureAwait(false);
        var failed = outcomes.Where(o => o.Result == TopicResult.Failed).ToList();
        if (failed.Count > 0)
            Fail($"Kafka {kafka.BootstrapServers}: {failed.Count} topic(s) not created: {failed[0].Detail}", null);
    }

    /// <summary>
    /// With a Schema Registry (not the in-process one): each Avro topic's subject gets compatibility BACKWARD and the
    /// record's schema, so producers and consumers find them before the first record and an incompatible change is
    /// refused here, naming the subject.
    /// </summary>
    private async Task SchemasAsync()
    {
        var kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        if (string.IsNullOrWhiteSpace(kafka.SchemaRegistryUrl) || string.Equals(kafka.SchemaRegistryUrl.Trim(), Pulse.Schemas.AvroSerdes.InProcess, StringComparison.OrdinalIgnoreCase))
        {
            await Output.WriteLineAsync("Schema Registry: in-process (each process holds the schemas; give --schema-registry to register them)").ConfigureAwait(false);
            return;
        }
        var registry = services.GetRequiredService<ISchemaRegistryClient>();
        var subjects = SchemaSubjects.For(services.GetRequiredService<IOptions<VitalsOptions>>().Value.Topics);
        await Output.WriteLineAsync($"Schema Registry {kafka.DescribeRegistry()}: {subjects.Count} subjects, compatibility {SchemaSubjects.Level.ToString().ToUpperInvariant()}").ConfigureAwait(false);
        foreach (var (subject, record) in subjects)
        {
            try
            {
                await registry.UpdateCompatibilityAsync(SchemaSubjects.Level, subject).ConfigureAwait(false);
                var id = await registry.RegisterSchemaAsync(subject, SchemaSubjects.Schema(record)).ConfigureAwait(false);
                await Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  id {id,-5} {subject,-30} {((Avro.NamedSchema)record).Fullname}")).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SchemaRegistryException or HttpRequestException)
            {
                Fail($"Schema Registry {kafka.DescribeRegistry()}: {subject}: {e.Message}", e);
                return;
            }
        }
    }

    private async Task DatabaseAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            await Output.WriteLineAsync("PostgreSQL: skipped (no Postgres:ConnectionString; give --postgres or PULSE__Postgres__ConnectionString to migrate)").ConfigureAwait(false);
            return;
        }
        var where = services.GetRequiredService<IOptions<PostgresOptions>>().Value.Describe();
        try
        {
            var applied = await new Migrator(dataSource, services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync(cancellationToken).ConfigureAwait(false);
            await Output.WriteLineAsync(applied == 0
                ? $"PostgreSQL {where}: up to date ({Migrator.Migrations.Count} migration(s))"
                : $"PostgreSQL {where}: applied {applied} migration(s)").ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            Fail($"PostgreSQL {where}: {e.Message}", e);
        }
    }

    private void Fail(string message, Exception? cause)
    {
        _fault ??= new InvalidOperationException(message, cause);
        LogFailed(logger, message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogFailed(ILogger logger, string problem);
}
