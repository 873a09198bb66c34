using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Host.Configuration;
using Pulse.Vitals;

namespace Pulse.Host.Batch;

/// <summary>
/// <c>pulse batch daily</c> and <c>pulse batch reconcile</c>, once: the work, a table on stdout, then the host stops.
/// <see cref="Fault"/> is set when the work failed or, for reconcile, found differences (exit code 1).
/// </summary>
internal sealed partial class BatchRunner(BatchJob job, IServiceProvider services, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BatchRunner> logger) : BackgroundService
{
    public Exception? Fault { get; private set; }

    public TextWriter Output { get; init; } = Console.Out;

    private bool Live => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;
            var day = options.Day(time);
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            if (job == BatchJob.Daily) await DailyAsync(options, day, dataSource, stoppingToken).ConfigureAwait(false);
            else await ReconcileAsync(day, dataSource, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or DuckDB.NET.Data.DuckDBException)
        {
            Fail(e.Message, e);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task DailyAsync(BatchOptions options, DateOnly day, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var topic = services.GetRequiredService<IOptions<VitalsTopics>>().Value.Enriched;
        var files = DailyBatch.Files(options.Archive, topic, day);
        await Output.WriteLineAsync($"pulse batch daily {day:yyyy-MM-dd}: {files.Count} file(s) of {topic} in {Path.GetFullPath(options.Archive)}").ConfigureAwait(false);
        if (files.Count == 0)
        {
            Fail($"No archived {topic} files for {day:yyyy-MM-dd} (or the days either side) under {options.Archive}: run pulse archive, or give --date.", null);
            return;
        }
        IReadOnlyList<DailyRow> rows;
        using (var step = new TerminalProgress(Output, "computing with DuckDB", Live))
        {
            rows = await Task.Run(() => DailyBatch.Compute(files, day), cancellationToken).ConfigureAwait(false);
            step.Done(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} patients, {rows.Sum(r => r.ReadingCount):N0} readings"));
        }
        using (var step = new TerminalProgress(Output, $"writing {DailyBatchTable.Name}", Live))
        {
            await DailyBatchTable.ReplaceAsync(dataSource, day, rows, cancellationToken).ConfigureAwait(false);
            step.Done($"{rows.Count} rows for {day:yyyy-MM-dd} (replacing the day's)");
        }
        await Output.WriteLineAsync().ConfigureAwait(false);
        await Output.WriteLineAsync(DailyTable.Render(rows)).ConfigureAwait(false);
    }

    private async Task ReconcileAsync(DateOnly day, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var (differences, patients, readings) = await Reconciler.CompareAsync(dataSource, day, cancellationToken).ConfigureAwait(false);
        await Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"pulse batch reconcile {day:yyyy-MM-dd}: {DailyBatchTable.Name} against daily_patient_stats ({patients} patients, {readings:N0} readings in readings)")).ConfigureAwait(false);
        foreach (var line in differences) await Output.WriteLineAsync("  " + line).ConfigureAwait(false);
        await Output.WriteLineAsync(differences.Count == 0 ? "0 differences: the batch and the streaming path agree." : $"{differences.Count} difference(s).").ConfigureAwait(false);
        if (differences.Count > 0) Fault = new InvalidOperationException($"{differences.Count} difference(s) between the batch and the streaming path for {day:yyyy-MM-dd}.");
    }

    private void Fail(string message, Exception? cause)
    {
        Fault ??= new InvalidOperationException(message, cause);
        LogFailed(logger, message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogFailed(ILogger logger, string problem);
}

/// <summary>Which batch job a <see cref="BatchRunner"/> runs.</summary>
internal enum BatchJob
{
    Daily,
    Reconcile,
}
