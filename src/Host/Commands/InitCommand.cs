using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Init;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary><c>pulse init</c>: creates the pipeline's topics and migrates the database (<see cref="InitRunner"/>), then exits.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--postgres", "Postgres:ConnectionString",
                "Npgsql connection string of the database to migrate; none: topics only (prefer PULSE__Postgres__ConnectionString: flags show in the process list)"),
            SettingFlag.For<int>("--partitions", "Topics:Partitions", "Partitions of each pipeline topic (default 6)"),
            SettingFlag.For<short>("--replication-factor", "Topics:ReplicationFactor", "Replicas of each partition (default -1: the broker's default)"),
            SettingFlag.For<string>("--application-id", "Streams:ApplicationId", "The replicas' application id, whose internal topics are made too (default pulse-vitals)"),
            .. ObservabilityFlags.Telemetry(),
        ];
        var command = new Command("init",
            "Creates the pipeline's topics (vitals, alerts, dispatch, the sink's dead letters, and the replicas' internal topics) with their " +
            "partitions, replication and cleanup policy, and migrates the PostgreSQL database; safe to run twice. " +
            "The embedded cluster of 'pulse broker' has every topic already (it cannot create topics for a client): init then only checks them.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-init");
            builder.Services.AddPulseInit(builder.Configuration);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<InitRunner>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
