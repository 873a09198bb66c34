using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Batch;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary><c>pulse batch daily</c> and <c>pulse batch reconcile</c>: the batch layer over the Parquet archive (<see cref="BatchRunner"/>).</summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var command = new Command("batch", "The batch layer over the archive 'pulse archive' writes: daily statistics per patient, and their reconciliation with the streaming path.")
        {
            Job("daily", BatchJob.Daily,
                "Computes per patient and UTC day (readings; min, max and mean of every vital; highest NEWS2; time in each NEWS2 risk band) by SQL over the " +
                "archived vitals.enriched Parquet files with DuckDB, writes them to PostgreSQL table daily_patient_stats_batch (the day replaced whole) and prints them.",
                SettingFlag.For<string>("--archive", "Batch:Archive", "The archive's root directory, as pulse archive wrote it")),
            Job("reconcile", BatchJob.Reconcile,
                "Compares the batch's daily figures (daily_patient_stats_batch) with the streaming path's (daily_patient_stats over readings) for a day and " +
                "prints every difference; exit code 1 when there is one."),
        };
        return command;
    }

    private static Command Job(string name, BatchJob job, string description, params SettingFlag[] extra)
    {
        IReadOnlyList<SettingFlag> flags =
        [
            SettingFlag.For<string>("--date", "Batch:Date", "The UTC day, YYYY-MM-DD (default yesterday)"),
            .. extra,
            SettingFlag.For<string>("--postgres", "Postgres:ConnectionString", "Npgsql connection string of the sink's database (prefer PULSE__Postgres__ConnectionString)"),
            .. ObservabilityFlags.Telemetry(),
        ];
        var command = new Command(name, description);
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-batch");
            builder.Services.AddPulseBatch(builder.Configuration, job);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<BatchRunner>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
