using System.Globalization;
using Npgsql;

namespace Pulse.Host.Batch;

/// <summary>
/// Compares a day of the batch layer (<c>daily_patient_stats_batch</c>) with what the streaming path wrote
/// (<c>daily_patient_stats</c>, the view over <c>readings</c>): every patient on one side and not the other, and every
/// figure that differs (means within 1e-9 relative). Zero differences for a closed day is the Lambda design holding.
/// </summary>
internal static class Reconciler
{
    private const double Tolerance = 1e-9;

    /// <summary>The differences, one line each, and how many patients and readings the streaming side has.</summary>
    public static async Task<(IReadOnlyList<string> Differences, int Patients, long Readings)> CompareAsync(NpgsqlDataSource dataSource, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var columns = new[] { "reading_count" }.Concat(DailyRow.VitalColumns).Append("news2_max").ToList();
        var batch = await ReadAsync(dataSource, DailyBatchTable.Name, columns, day, cancellationToken).ConfigureAwait(false);
        var stream = await ReadAsync(dataSource, "daily_patient_stats", columns, day, cancellationToken).ConfigureAwait(false);
        var differences = new List<string>();
        foreach (var patient in batch.Keys.Union(stream.Keys).Order(StringComparer.Ordinal))
        {
            if (!stream.TryGetValue(patient, out var s))
            {
                differences.Add($"{patient}: in the batch ({Format(batch[patient]["reading_count"])} readings), not in readings");
                continue;
            }
            if (!batch.TryGetValue(patient, out var b))
            {
                differences.Add($"{patient}: in readings ({Format(s["reading_count"])} readings), not in the batch");
                continue;
            }
            foreach (var column in columns)
                if (!Same(b[column], s[column]))
                    differences.Add($"{patient}: {column} batch {Format(b[column])}, streaming {Format(s[column])}");
        }
        return (differences, stream.Count, (long)stream.Values.Sum(v => v["reading_count"] ?? 0));
    }

    private static bool Same(double? a, double? b) =>
        a is null || b is null ? a is null && b is null : Math.Abs(a.Value - b.Value) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)));

    private static string Format(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "null";

    private static async Task<Dictionary<string, Dictionary<string, double?>>> ReadAsync(NpgsqlDataSource dataSource, string table, List<string> columns, DateOnly day, CancellationToken cancellationToken)
    {
        var sql = $"SELECT patient_id, {string.Join(", ", columns.Select(c => $"{c}::double precision"))} FROM {table} WHERE day = $1";
        var command = dataSource.CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = day, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new Dictionary<string, Dictionary<string, double?>>(StringComparer.Ordinal);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var values = new Dictionary<string, double?>(StringComparer.Ordinal);
                    for (var i = 0; i < columns.Count; i++) values[columns[i]] = reader.IsDBNull(i + 1) ? null : reader.GetDouble(i + 1);
                    rows[reader.GetString(0)] = values;
                }
                return rows;
            }
        }
    }
}
