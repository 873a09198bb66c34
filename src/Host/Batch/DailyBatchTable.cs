using Npgsql;
using NpgsqlTypes;

namespace Pulse.Host.Batch;

/// <summary>Table <c>daily_patient_stats_batch</c>: a day's rows replaced whole in one transaction, so running the batch again is harmless.</summary>
internal static class DailyBatchTable
{
    public const string Name = "daily_patient_stats_batch";

    /// <summary>Replaces <paramref name="day"/>'s rows with <paramref name="rows"/>.</summary>
    public static async Task ReplaceAsync(NpgsqlDataSource dataSource, DateOnly day, IReadOnlyList<DailyRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(rows);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var delete = new NpgsqlCommand($"DELETE FROM {Name} WHERE day = $1", connection, transaction))
                {
                    delete.Parameters.Add(new NpgsqlParameter { Value = day, NpgsqlDbType = NpgsqlDbType.Date });
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                var columns = new[] { "day", "patient_id", "reading_count" }.Concat(DailyRow.VitalColumns).Append("news2_max").Concat(DailyRow.RiskBands.Select(b => b.Column)).ToList();
                var import = await connection.BeginBinaryImportAsync($"COPY {Name} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
                await using (import.ConfigureAwait(false))
                {
                    foreach (var row in rows)
                    {
                        await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.PatientId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.ReadingCount, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                        foreach (var column in DailyRow.VitalColumns)
                        {
                            var integer = !column.EndsWith("_avg", StringComparison.Ordinal) && !column.StartsWith("temperature", StringComparison.Ordinal) && !column.StartsWith("glucose", StringComparison.Ordinal);
                            if (row.Vitals[column] is not { } value) await import.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                            else if (integer) await import.WriteAsync((int)value, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                            else await import.WriteAsync(value, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                        }
                        await import.WriteAsync(row.News2Max, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                        foreach (var (risk, _) in DailyRow.RiskBands)
                            await import.WriteAsync(row.SecondsByRisk[risk], NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                    }
                    await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
