using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Archive;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary><c>pulse archive</c>: vitals.raw and vitals.enriched into Parquet files (<see cref="Archiver"/>), until stopped.</summary>
internal static class ArchiveCommand
{
    /// <summary>Where /healthz, /readyz and /metrics listen unless <c>--http</c> says otherwise.</summary>
    public const int DefaultHttpPort = 9469;

    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--archive", "Archive:Directory", "The archive's root directory (files under <topic>/date=YYYY-MM-DD/hour=HH/)"),
            SettingFlag.For<string>("--group-id", "Archive:GroupId", "Consumer group (default pulse-archive); the files, not the group's offsets, say where to resume"),
            SettingFlag.For<long>("--roll-bytes", "Archive:RollBytes", "Close a partition's files at this many buffered bytes (default 67108864, 64 MiB)"),
            SettingFlag.For<TimeSpan>("--roll-interval", "Archive:RollInterval", "Close a partition's files when their oldest row has waited this long, e.g. 00:05:00 (default 5 minutes)"),
            .. ObservabilityFlags.WithHttp(DefaultHttpPort),
        ];
        var command = new Command("archive",
            "Archives vitals.raw (the original bytes, with topic, partition, offset and timestamp) and vitals.enriched (typed columns) as Parquet files " +
            "under <topic>/date=YYYY-MM-DD/hour=HH/, exactly once: a file appears whole by a rename, its name carries its offsets, and a restart resumes " +
            "from what the files hold. Runs until Ctrl+C. 'pulse batch' computes daily statistics over the files.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-archive");
            builder.Services.AddPulseHttpEndpoint(builder.Configuration, DefaultHttpPort);
            builder.Services.AddPulseArchive(builder.Configuration);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<Archiver>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
