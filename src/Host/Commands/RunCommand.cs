using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Observability;
using Pulse.Host.Replica;

using Pulse.Streams;

namespace Pulse.Host.Commands;

/// <summary><c>pulse run</c>: one replica of the vitals topology (<see cref="ReplicaServiceCollectionExtensions.AddPulseReplica"/>) as a process.</summary>
internal static class RunCommand
{
    /// <summary>The default port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> (Prometheus' exporter port).</summary>
    public const int DefaultHttpPort = 9464;

    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--application-id", "Streams:ApplicationId", "Consumer group of the replicas, prefix of internal topics (default pulse-vitals)"),
            SettingFlag.For<string>("--state-dir", "Streams:StateDir", "RocksDB stores and checkpoints; one per replica on a machine (default <temp>/pulse-streams)"),
            SettingFlag.For<int>("--threads", "Streams:Threads", "Stream threads (default 1)"),
            SettingFlag.For<string>("--processing-guarantee", "Streams:ProcessingGuarantee", "at_least_once (default) or exactly_once_v2"),
            SettingFlag.For<int>("--standby-replicas", "Streams:StandbyReplicas", "Warm copies of each stateful task on other replicas (default 1)"),
            .. ObservabilityFlags.WithHttp(DefaultHttpPort),
        ];
        var command = new Command("run",
            "Runs one replica of the vitals topology: vitals.raw in; vitals.enriched, vitals.stats.1m, alerts and vitals.invalid out. " +
            "Replicas with the same application id share the partitions; stop one (Ctrl+C, SIGTERM) and the others take over. " +
            "Exits non-zero if the streams fail.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-run");
            builder.Services.AddPulseHttpEndpoint(builder.Configuration, DefaultHttpPort);
            builder.Services.AddPulseReplica(builder.Configuration);
            builder.Services.AddPulsePatientStateQueries();
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<KafkaStreamsService>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
