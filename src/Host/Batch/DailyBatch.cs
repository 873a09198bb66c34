using System.Globalization;
using DuckDB.NET.Data;

namespace Pulse.Host.Batch;

/// <summary>
/// The batch layer's daily statistics: SQL over the Parquet archive of <c>vitals.enriched</c> with DuckDB (docs/ARCHIVE.md).
/// A patient's readings with one timestamp count once, the first archived (by partition and offset), as the <c>readings</c>
/// table keeps them (its key is patient and time): a record archived twice counts once too, and the two paths can be
/// reconciled exactly. Time in a NEWS2 risk band: each reading's band holds until the patient's next reading of the day,
/// for at most <see cref="MaxHeldSeconds"/> (a longer gap is time without data); a day's last reading holds nothing.
/// </summary>
internal static class DailyBatch
{
    /// <summary>The longest a reading's risk band is taken to hold.</summary>
    public const int MaxHeldSeconds = 300;

    /// <summary>
    /// The files that can hold readings of <paramref name="day"/> under <paramref name="archive"/> for <paramref name="topic"/>:
    /// the day's, and the days either side (files are partitioned by record time, which a producer may set apart from the
    /// reading's own); none is an empty list.
    /// </summary>
    public static IReadOnlyList<string> Files(string archive, string topic, DateOnly day)
    {
        var files = new List<string>();
        foreach (var d in new[] { day.AddDays(-1), day, day.AddDays(1) })
        {
            var directory = Path.Combine(archive, topic, $"date={d:yyyy-MM-dd}");
            if (Directory.Exists(directory))
                files.AddRange(Directory.EnumerateFiles(directory, "*.parquet", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')));
        }
        return [.. files.Order(StringComparer.Ordinal)];
    }

    /// <summary>Computes every patient's <paramref name="day"/> from <paramref name="files"/>, sorted by patient id.</summary>
    public static IReadOnlyList<DailyRow> Compute(IReadOnlyList<string> files, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) return [];
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql(files, day);
        using var reader = command.ExecuteReader();
        var rows = new List<DailyRow>();
        while (reader.Read())
        {
            var vitals = new Dictionary<string, double?>(StringComparer.Ordinal);
            var column = 2;
            foreach (var name in DailyRow.VitalColumns)
            {
                vitals[name] = reader.IsDBNull(column) ? null : Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture);
                column++;
            }
            var news2 = Convert.ToInt32(reader.GetValue(column++), CultureInfo.InvariantCulture);
            var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (risk, _) in DailyRow.RiskBands)
                seconds[risk] = reader.IsDBNull(column) ? 0 : Convert.ToDouble(reader.GetValue(column++), CultureInfo.InvariantCulture);
            rows.Add(new DailyRow(day, reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), vitals, news2, seconds));
        }
        return rows;
    }

    private static string Sql(IReadOnlyList<string> files, DateOnly day)
    {
        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var list = string.Join(", ", files.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'"));
        var bands = string.Join(",\n       ", DailyRow.RiskBands.Select(b => $"coalesce(sum(held) FILTER (WHERE news2_risk = '{b.Risk}'), 0) AS {b.Column}"));
        // One window pass: patient by patient in time order. A row repeating the previous row's timestamp (a reading archived
        // twice, or two readings stamped alike, of which readings keeps the first) is left out of the figures; the time to the
        // next timestamp is still counted, once, on the last row of the repeated timestamp.
        var first = "prev_ts IS DISTINCT FROM ts";
        var figures = string.Join(",\n       ", DailyRow.VitalNames.Select(v => $"min({v}) FILTER (WHERE {first}) AS {v}_min, max({v}) FILTER (WHERE {first}) AS {v}_max, avg({v}) FILTER (WHERE {first}) AS {v}_avg"));
        return $"""
            WITH ordered AS (
                SELECT *,
                       lag(ts) OVER patient AS prev_ts,
                       least(coalesce(epoch(lead(ts) OVER patient) - epoch(ts), 0), {MaxHeldSeconds}) AS held
                FROM read_parquet([{list}], union_by_name = true)
                WHERE ts >= TIMESTAMP '{from}' AND ts < TIMESTAMP '{to}'
                WINDOW patient AS (PARTITION BY patient_id ORDER BY ts, "partition", "offset")
            )
            SELECT patient_id, count(*) FILTER (WHERE {first}) AS reading_count,
                   {figures},
                   max(news2_score) FILTER (WHERE {first}) AS news2_max,
                   {bands}
            FROM ordered
            GROUP BY patient_id
            ORDER BY patient_id
            """;
    }
}
