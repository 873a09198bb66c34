using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Globalization;
using Pulse.Host.Broker;
using Pulse.Host.Archive;
using Pulse.Host.Dashboard;
using Pulse.Host.Observability;
using Pulse.Host.Vehicles;
using Pulse.Host.Init;
using Pulse.Host.Replica;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Sink;
using Pulse.Schemas;
using Pulse.Vitals;

using Pulse.Streams;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// Makes the demo's parts, each composed exactly as its own command composes it: the embedded
/// cluster (<c>pulse broker</c>), a replica (<c>pulse run</c>), the sink (<c>pulse sink</c>), the
/// simulator (<c>pulse simulate</c>). The demo's configuration flows into each; the demo sets only
/// where things are (bootstrap servers, state directories, the connection string) and the
/// in-process schema registry, one client shared by all, as <c>pulse</c> processes share its ids.
/// </summary>
internal sealed class DemoParts(IConfiguration configuration, ILoggerFactory loggers, TextWriter output)
{
    private readonly ISchemaRegistryClient _registry = AvroSerdes.Registry(AvroSerdes.InProcess);

    /// <summary>The embedded cluster with every pipeline topic, printing its bootstrap servers on the demo's output.</summary>
    public Component Broker() => Create("broker", NoDefaults, [], (services, config) =>
    {
        services.AddSingleton(sp => new EmbeddedBroker(
            sp.GetRequiredService<IOptions<BrokerOptions>>(), sp.GetRequiredService<IOptions<TopicCreationOptions>>(), sp.GetRequiredService<IOptions<VitalsOptions>>(),
            sp.GetRequiredService<IOptions<SinkOptions>>(), sp.GetRequiredService<IOptions<ReplicaOptions>>(), sp.GetRequiredService<ILogger<EmbeddedBroker>>())
        {
            Output = output,
        });
        services.AddPulseBroker(config);
    }, _ => null);

    /// <summary>
    /// Replica <paramref name="number"/> of the topology, its state in <paramref name="stateDir"/>, with the embedded
    /// cluster's consumer defaults (<see cref="EmbeddedClusterDefaults"/>).
    /// </summary>
    /// <remarks>
    /// The replica runs on <paramref name="clock"/>, the patients' clock: what it does by the wall clock (judging a
    /// reading's timestamp against now, commits, punctuations) keeps pace with the patients' time.
    /// </remarks>
    public Component Replica(int number, string bootstrapServers, string stateDir, TimeProvider clock) => Create($"replica-{number}", EmbeddedClusterDefaults,
        new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Streams:StateDir"] = stateDir,
            ["Http:Address"] = "http://127.0.0.1:0",
        },
        (services, config) =>
        {
            services.AddSingleton(clock);
            services.AddPulseHttpEndpoint(config, 0);
            services.AddPulseReplica(config);
            services.AddPulsePatientStateQueries();
        },
        sp => sp.GetRequiredService<KafkaStreamsService>().Fault);

    /// <summary>The Postgres sink, writing to <paramref name="connectionString"/>.</summary>
    public Component Sink(string bootstrapServers, string connectionString) => Create("sink", EmbeddedClusterDefaults,
        new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Postgres:ConnectionString"] = connectionString,
        },
        (services, config) => services.AddPulseSink(config), sp => sp.GetRequiredService<PostgresSink>().Fault);

    /// <summary>The archiver writing to <paramref name="directory"/>, closing files every second (a demo is short).</summary>
    public Component Archive(string bootstrapServers, string directory) => Create("archive", EmbeddedClusterDefaults,
        new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Archive:Directory"] = directory,
            ["Archive:RollInterval"] = "00:00:01",
        },
        (services, config) => services.AddPulseArchive(config), sp => sp.GetRequiredService<Archiver>().Fault);

    /// <summary>
    /// The ward dashboard on 127.0.0.1:<paramref name="port"/> (0: any free port), reading the cluster and PostgreSQL, with
    /// <paramref name="stateUrl"/> (a replica's HTTP address) for interactive queries.
    /// </summary>
    public Component Dashboard(string bootstrapServers, string connectionString, int port, Uri? stateUrl) => Create("dashboard", EmbeddedClusterDefaults,
        new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Postgres:ConnectionString"] = connectionString,
            ["Dashboard:Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["Dashboard:StateUrl"] = stateUrl?.ToString(),
        },
        (services, config) => services.AddPulseDashboard(config), sp => sp.GetRequiredService<WardFeed>().Fault);

    /// <summary>
    /// The simulator on <paramref name="clock"/> (the demo's faster patient clock in random mode), its
    /// progress bar off: the demo prints its own counts.
    /// </summary>
    public Component Simulator(string bootstrapServers, TimeProvider clock) => Create("simulator", NoDefaults,
        new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = bootstrapServers },
        (services, config) =>
        {
            services.AddSingleton(clock);
            services.AddSingleton(new SimulatorConsole(TextWriter.Null, interactive: false));
            services.AddPulseSimulator(config);
        },
        sp => sp.GetRequiredService<VitalsSimulator>().Fault);

    /// <summary>
    /// Vehicles on <paramref name="clock"/>: <paramref name="count"/> cruising the patients' area (the simulator's centre and radius), or
    /// the positions of <paramref name="csv"/>.
    /// </summary>
    public Component Vehicles(string bootstrapServers, TimeProvider clock, int count, string? csv) => Create("vehicles", NoDefaults,
        new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Vehicles:Count"] = count.ToString(CultureInfo.InvariantCulture),
            ["Vehicles:Csv"] = csv,
            ["Vehicles:Center"] = string.Create(CultureInfo.InvariantCulture,
                $"{configuration["Simulator:Latitude"] ?? "51.5074"},{configuration["Simulator:Longitude"] ?? "-0.1278"}"),
            ["Vehicles:RadiusKm"] = configuration["Simulator:RadiusKm"] ?? "10",
        },
        (services, config) =>
        {
            services.AddSingleton(clock);
            services.AddPulseVehicleSimulator(config);
        },
        sp => sp.GetRequiredService<VehicleSimulator>().Fault);

    private static readonly Dictionary<string, string?> NoDefaults = [];

    /// <summary>
    /// Consumer sessions of 6 s (a real broker's shortest) with heartbeats every second, for the replicas and the sink: the
    /// embedded cluster (librdkafka's mock) lets every rebalance wait for the session timeout less a second, so a failover
    /// there costs about two session timeouts (docs/OPERATIONS.md). librdkafka's configuration warnings (a consumer's
    /// property on a producer) are not logged.
    /// </summary>
    private static readonly Dictionary<string, string?> EmbeddedClusterDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kafka:Properties:session.timeout.ms"] = "6000",
        ["Kafka:Properties:heartbeat.interval.ms"] = "1000",
        ["Kafka:Properties:log_level"] = "3",
    };

    private Component Create(string name, Dictionary<string, string?> defaults, Dictionary<string, string?> overrides, Action<IServiceCollection, IConfiguration> compose, Func<IServiceProvider, Exception?> fault)
    {
        overrides["Kafka:SchemaRegistryUrl"] = AvroSerdes.InProcess;
        return Component.Create(name, defaults, configuration, overrides, loggers, _registry, compose, fault);
    }
}
