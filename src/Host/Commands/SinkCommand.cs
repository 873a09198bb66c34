using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Observability;
using Pulse.Host.Sink;

namespace Pulse.Host.Commands;

/// <summary><c>pulse sink</c>: the Postgres sink connector (<see cref="PostgresSink"/>) as a process.</summary>
internal static class SinkCommand
{
    /// <summary>Where /healthz, /readyz and /metrics listen unless told otherwise (pulse run uses 9464).</summary>
    public const int DefaultHttpPort = 9465;

    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--postgres", "Postgres:ConnectionString",
                "Npgsql connection string (prefer PULSE__Postgres__ConnectionString: flags show in the process list)"),
            SettingFlag.For<string>("--group-id", "Sink:GroupId", "Consumer group; instances in one group share the partitions (default pulse-sink)"),
            SettingFlag.For<int>("--batch-size", "Sink:BatchSize", "Records per transaction at most (default 5000)"),
            SettingFlag.For<int>("--linger-ms", "Sink:LingerMs", "How long a batch waits for more records after its first, ms (default 100)"),
            SettingFlag.For<string>("--dead-letter-topic", "Sink:DeadLetterTopic", "Topic for records the database rejects or that do not deserialize (default sink.dlq)"),
            .. ObservabilityFlags.WithHttp(DefaultHttpPort),
        ];
        var command = new Command("sink",
            "Writes vitals.enriched, vitals.stats.1m, alerts.notify, alerts.dispatch and vitals.invalid to PostgreSQL: " +
            "batches by binary COPY, offsets stored in the same transaction (exactly once into Postgres); " +
            "waits out database outages; rows the database rejects go to the dead-letter topic.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-sink");
            builder.Services.AddPulseHttpEndpoint(builder.Configuration, DefaultHttpPort);
            builder.Services.AddPulseSink(builder.Configuration);
            builder.Services.AddSingleton<IReadinessProbe, SinkReadinessProbe>();
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<PostgresSink>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
