using Npgsql;

namespace Pulse.Host.Dashboard;

/// <summary>What the patient and daily pages read from PostgreSQL: trends, alert events, daily statistics, and the patients seen lately.</summary>
internal sealed class PatientHistory(NpgsqlDataSource database)
{
    /// <summary>Most points a part of a trend has: its bucket grows with the hours asked for.</summary>
    private const int MaxPoints = 1500;

    /// <summary>How much of a trend, up to the patient's latest reading, comes from <c>readings</c> at its finest (5 s buckets).</summary>
    internal static readonly TimeSpan RecentDetail = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The patient's trend over <paramref name="hours"/> up to their latest reading, in two parts, as a monitoring user reads a
    /// long range: the closed 1-minute windows of <c>vital_stats_1m</c> (the sink writes them) up to the last one ending at least
    /// <see cref="RecentDetail"/> before the latest reading, their means (NEWS2 the window's maximum), one point per window (per
    /// several when the range is over a day: their means averaged); and after it, <c>readings</c> averaged per 5 s bucket (more
    /// when that part is long). With no such window in the range, the whole range comes from <c>readings</c>, as it does for a
    /// range shorter than <see cref="RecentDetail"/>.
    /// </summary>
    public async Task<object> TrendsAsync(string patientId, double hours, CancellationToken cancellationToken)
    {
        DateTime? latest, closed;
        await using (var bounds = database.CreateCommand("""
            SELECT e.latest, (SELECT max(window_end) FROM vital_stats_1m WHERE patient_id = $1 AND window_end <= e.latest - make_interval(secs => $2))
            FROM (SELECT coalesce((SELECT max(ts) FROM readings WHERE patient_id = $1), (SELECT max(window_end) FROM vital_stats_1m WHERE patient_id = $1)) AS latest) e
            """))
        {
            bounds.Parameters.Add(new() { Value = patientId });
            bounds.Parameters.Add(new() { Value = RecentDetail.TotalSeconds });
            await using var row = await bounds.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await row.ReadAsync(cancellationToken).ConfigureAwait(false);
            latest = row.IsDBNull(0) ? null : row.GetDateTime(0);
            closed = row.IsDBNull(1) ? null : row.GetDateTime(1);
        }
        if (latest is not { } end) return new { patientId, hours, sources = Array.Empty<object>(), points = Array.Empty<object>() };

        var range = hours * 3600;
        var start = end.AddSeconds(-range);
        var cut = closed is { } c && c > start ? c : start; // vital_stats_1m before, readings from it on
        var statsBucket = Math.Max(60, (int)Math.Ceiling(range / MaxPoints / 60) * 60);
        var readingsBucket = Math.Max(5, (int)Math.Ceiling((end - cut).TotalSeconds / MaxPoints));
        await using var command = database.CreateCommand("""
            SELECT 0, extract(epoch FROM date_bin(make_interval(secs => $5), window_start, TIMESTAMPTZ '2000-01-01')) * 1000 AS t,
                   avg(heart_rate_mean), avg(spo2_mean), avg(systolic_bp_mean), avg(diastolic_bp_mean), avg(respiratory_rate_mean), avg(temperature_mean),
                   max(news2_max)
            FROM vital_stats_1m
            WHERE patient_id = $1 AND window_end > $2 AND window_end <= $3
            GROUP BY 2
            UNION ALL
            SELECT 1, extract(epoch FROM date_bin(make_interval(secs => $6), ts, TIMESTAMPTZ '2000-01-01')) * 1000 AS t,
                   avg(heart_rate), avg(spo2), avg(systolic_bp), avg(diastolic_bp), avg(respiratory_rate), avg(temperature), max(news2_score)
            FROM readings
            WHERE patient_id = $1 AND ts > $2 AND ts >= $3 AND ts <= $4
            GROUP BY 2
            ORDER BY 2
            """);
        command.Parameters.Add(new() { Value = patientId });
        command.Parameters.Add(new() { Value = start });
        command.Parameters.Add(new() { Value = cut });
        command.Parameters.Add(new() { Value = end });
        command.Parameters.Add(new() { Value = (double)statsBucket });
        command.Parameters.Add(new() { Value = (double)readingsBucket });
        var points = new List<object>();
        var counts = new int[2];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetInt32(0)]++;
            points.Add(new
            {
                t = (long)reader.GetDecimal(1),
                heartRate = Round(reader, 2), spo2 = Round(reader, 3), systolic = Round(reader, 4), diastolic = Round(reader, 5),
                respiratoryRate = Round(reader, 6), temperature = Round(reader, 7, 2), news2 = reader.IsDBNull(8) ? (int?)null : reader.GetInt32(8),
            });
        }
        object[] sources =
        [
            new { table = "vital_stats_1m", from = Ms(start), to = Ms(cut), bucketSeconds = statsBucket, points = counts[0] },
            new { table = "readings", from = Ms(cut), to = Ms(end), bucketSeconds = readingsBucket, points = counts[1] },
        ];
        return new { patientId, hours, from = Ms(start), to = Ms(end), sources, points };
    }

    /// <summary>The patient's latest alert events, newest first.</summary>
    public async Task<object> EpisodesAsync(string patientId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT alert_id, sequence, state, kind, severity, extract(epoch FROM ts) * 1000, message, acknowledged_by
            FROM alerts WHERE patient_id = $1 ORDER BY ts DESC, sequence DESC LIMIT 200
            """);
        command.Parameters.Add(new() { Value = patientId });
        var events = new List<object>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new
            {
                episodeId = reader.GetString(0), sequence = reader.GetInt32(1), state = reader.GetString(2), kind = reader.GetString(3),
                severity = reader.GetString(4), ts = (long)reader.GetDecimal(5), message = reader.GetString(6),
                acknowledgedBy = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }
        return new { patientId, events };
    }

    /// <summary>
    /// Per patient and UTC day over the last <paramref name="days"/> days (daily_patient_stats), newest day first, with the batch
    /// layer's figures where <c>pulse batch daily</c> computed the day (daily_patient_stats_batch): time at high and medium risk,
    /// and whether its readings, highest NEWS2 and mean heart rate agree with the streaming path's.
    /// </summary>
    public async Task<object> DailyAsync(int days, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT s.day, s.patient_id, s.reading_count, s.heart_rate_min, s.heart_rate_avg, s.heart_rate_max, s.spo2_min, s.spo2_avg, s.spo2_max,
                   s.systolic_bp_min, s.systolic_bp_avg, s.systolic_bp_max, s.respiratory_rate_min, s.respiratory_rate_avg, s.respiratory_rate_max,
                   s.temperature_min, s.temperature_avg, s.temperature_max, s.news2_max,
                   b.reading_count, b.news2_max, b.seconds_high, b.seconds_medium, b.heart_rate_avg
            FROM daily_patient_stats s
            LEFT JOIN daily_patient_stats_batch b ON b.day = s.day AND b.patient_id = s.patient_id
            WHERE s.day > (SELECT max(day) FROM daily_patient_stats) - $1
            ORDER BY s.day DESC, s.patient_id
            """);
        command.Parameters.Add(new() { Value = days });
        var rows = new List<object>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new
            {
                day = reader.GetFieldValue<DateOnly>(0).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                patientId = reader.GetString(1), readingCount = reader.GetInt64(2),
                heartRateMin = Value(reader, 3), heartRateAvg = Round(reader, 4), heartRateMax = Value(reader, 5),
                spo2Min = Value(reader, 6), spo2Avg = Round(reader, 7), spo2Max = Value(reader, 8),
                systolicMin = Value(reader, 9), systolicAvg = Round(reader, 10), systolicMax = Value(reader, 11),
                respiratoryRateMin = Value(reader, 12), respiratoryRateAvg = Round(reader, 13), respiratoryRateMax = Value(reader, 14),
                temperatureMin = Value(reader, 15), temperatureAvg = Round(reader, 16, 2), temperatureMax = Value(reader, 17),
                news2Max = Value(reader, 18),
                batch = reader.IsDBNull(19) ? null : new
                {
                    readingCount = reader.GetInt64(19), news2Max = reader.GetInt32(20), secondsHigh = reader.GetDouble(21), secondsMedium = reader.GetDouble(22),
                    agrees = reader.GetInt64(19) == reader.GetInt64(2) && reader.GetInt32(20) == reader.GetInt32(18) &&
                        (reader.IsDBNull(23) && reader.IsDBNull(4) || !reader.IsDBNull(23) && !reader.IsDBNull(4) &&
                            Math.Abs(reader.GetDouble(23) - Convert.ToDouble(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)) < 1e-6),
                },
            });
        }
        return new { days, rows };
    }

    /// <summary>Each patient's latest reading within <paramref name="lookback"/> of the newest: the tiles the ward starts with.</summary>
    public async Task<List<string>> RecentPatientsAsync(TimeSpan lookback, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT DISTINCT patient_id FROM readings WHERE ts > (SELECT max(ts) FROM readings) - make_interval(secs => $1)");
        command.Parameters.Add(new() { Value = lookback.TotalSeconds });
        var patients = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) patients.Add(reader.GetString(0));
        return patients;
    }

    private static long Ms(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static double? Round(NpgsqlDataReader reader, int column, int digits = 1) =>
        reader.IsDBNull(column) ? null : Math.Round(Convert.ToDouble(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture), digits);

    private static double? Value(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : Convert.ToDouble(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);
}
