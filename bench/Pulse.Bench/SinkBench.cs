using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Pulse.Host.Postgres;
using Pulse.Host.Sink;
using Pulse.Host.Sink.Internal;
using Pulse.Schemas.Registry;

namespace Pulse.Bench;

/// <summary>
/// <c>sink</c>: how fast the Postgres sink writes readings, on one private PostgreSQL in one run:
/// <list type="bullet">
/// <item>binary COPY: the sink's <see cref="BatchWriter"/>, batches of <see cref="SinkBenchOptions.Batch"/>
/// readings, each one transaction with its offsets: COPY straight into the table (the sink's usual
/// path), and, alternating with it, COPY into staging then INSERT … ON CONFLICT DO NOTHING (its path
/// when rows may be present already);</item>
/// <item>one-row INSERTs: a prepared <c>INSERT … ON CONFLICT DO NOTHING</c> per reading, autocommit
/// (the baseline of the ratio), and the same with the reading's offset upserted in its transaction
/// (what one-row writes cost with the sink's guarantee);</item>
/// <item>end to end: readings on the embedded Kafka cluster, through the whole sink (consume, Avro,
/// COPY, offsets), from the first commit to the last.</item>
/// </list>
/// Each variant writes into a fresh database.
/// </summary>
internal static class SinkBench
{
    public const double TargetReadingsPerSecond = 100_000;
    public const double TargetRatio = 20;

    /// <summary>Parses the options (printing the usage when they are wrong) and runs.</summary>
    public static int Start(IReadOnlyList<string> args)
    {
        SinkBenchOptions options;
        try
        {
            options = SinkBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(SinkBenchOptions.Usage);
            return 2;
        }
        return Run(options);
    }

    private static int Run(SinkBenchOptions o)
    {
        Console.WriteLine($"[sink] {Report.Environment()}, machine '{Environment.MachineName}'");
        using var server = LocalPostgres.StartNew(new LocalPostgresOptions { Settings = o.Durable ? new Dictionary<string, string>() : LocalPostgresOptions.Throwaway });
        Console.WriteLine($"[sink] PostgreSQL from {server.BinDirectory}, {(o.Durable ? "durable defaults (fsync, synchronous commit)" : "throwaway (fsync off)")}");
        var databases = 0;
        string NewDatabase()
        {
            var name = $"bench_{++databases}";
            server.CreateDatabase(name);
            var connectionString = server.ConnectionStringFor(name);
            using var source = NpgsqlDataSource.Create(connectionString);
            new Migrator(source).MigrateAsync().GetAwaiter().GetResult();
            return connectionString;
        }

        // Direct and staged runs alternate, so both see the machine in the same moods.
        var copy = new List<double>();
        var staged = new List<double>();
        for (var run = 0; run <= o.Runs; run++)
        {
            foreach (var direct in new[] { true, false })
            {
                var calibration = Calibration.NanosecondsPerOp();
                var rate = CopyRun(NewDatabase(), o.Readings, o.Batch, direct);
                Console.WriteLine($"[sink] COPY {(direct ? "direct " : "staged ")} {(run == 0 ? "warm-up" : $"run {run}")}: {rate,10:N0} readings/s ({o.Readings:N0} in batches of {o.Batch:N0}); calibration {calibration:F0} ns/op");
                if (run > 0) (direct ? copy : staged).Add(rate);
            }
        }
        var insert = InsertRun(NewDatabase(), TimeSpan.FromSeconds(o.InsertSeconds), withOffsets: false);
        Console.WriteLine($"[sink] one-row INSERT, autocommit: {insert,10:N0} readings/s");
        var insertWithOffsets = InsertRun(NewDatabase(), TimeSpan.FromSeconds(o.InsertSeconds), withOffsets: true);
        Console.WriteLine($"[sink] one-row INSERT + offset, one transaction each: {insertWithOffsets,10:N0} readings/s");
        double? endToEnd = o.EndToEnd > 0 ? SinkEndToEnd.Run(NewDatabase(), o.EndToEnd, o.Batch) : null;

        copy.Sort();
        staged.Sort();
        var median = copy[copy.Count / 2];
        var stagedMedian = staged[staged.Count / 2];
        Console.WriteLine();
        Console.WriteLine("| variant | readings/s | × one-row INSERT |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| binary COPY into the table, batches of {o.Batch:N0}, offsets in the transaction (median of {copy.Count}; {copy[0]:N0}–{copy[^1]:N0}) | {median:N0} | {median / insert:F1} |");
        Console.WriteLine($"| binary COPY into staging + INSERT … ON CONFLICT DO NOTHING, same batches (median of {staged.Count}; {staged[0]:N0}–{staged[^1]:N0}) | {stagedMedian:N0} | {stagedMedian / insert:F1} |");
        if (endToEnd is { } e2e)
            Console.WriteLine($"| end to end: Kafka → sink → PostgreSQL ({o.EndToEnd:N0} readings) | {e2e:N0} | {e2e / insert:F1} |");
        Console.WriteLine($"| one-row INSERT, autocommit | {insert:N0} | 1.0 |");
        Console.WriteLine($"| one-row INSERT + offset upsert, one transaction per reading | {insertWithOffsets:N0} | {insertWithOffsets / insert:F1} |");
        Console.WriteLine();
        Console.WriteLine($"targets: COPY >= {TargetReadingsPerSecond:N0} readings/s and >= {TargetRatio:F0}x one-row INSERTs: " +
                          $"{(median >= TargetReadingsPerSecond ? "met" : "MISSED")}, {(median / insert >= TargetRatio ? "met" : "MISSED")}");
        return 0;
    }

    /// <summary>Writes <paramref name="readings"/> readings through the sink's writer; readings/s over the time spent in it.</summary>
    private static double CopyRun(string connectionString, int readings, int batchSize, bool direct)
    {
        using var source = NpgsqlDataSource.Create(connectionString);
        var table = new TableRouter(new SinkTopics(), InProcessSchemaRegistry.Seeded(), TimeProvider.System).Tables[0];
        using var writer = new BatchWriter(source, "bench", [table], directCopy: direct);
        var spent = TimeSpan.Zero;
        for (long first = 0; first < readings; first += batchSize)
        {
            var batch = SinkBenchData.Batch(table, first, (int)Math.Min(batchSize, readings - first));
            var started = Stopwatch.GetTimestamp();
            writer.Write(batch);
            spent += Stopwatch.GetElapsedTime(started);
        }
        Check(connectionString, readings);
        return readings / spent.TotalSeconds;
    }

    /// <summary>One prepared INSERT per reading for <paramref name="duration"/>; readings/s.</summary>
    private static double InsertRun(string connectionString, TimeSpan duration, bool withOffsets)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var insert = new NpgsqlCommand("""
            INSERT INTO readings (patient_id, ts, device_id, heart_rate, spo2, systolic_bp, diastolic_bp, respiratory_rate,
                                  temperature, glucose, consciousness, on_oxygen, latitude, longitude, news2_score, news2_risk, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT DO NOTHING
            """, connection);
        NpgsqlDbType[] types =
        [
            NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer,
            NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Text, NpgsqlDbType.Boolean,
            NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text,
        ];
        foreach (var type in types) insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        insert.Prepare();
        using var offset = new NpgsqlCommand("""
            INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset) VALUES ('bench', $1, $2, $3)
            ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = GREATEST(sink_offsets.next_offset, EXCLUDED.next_offset)
            """, connection);
        offset.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        offset.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer });
        offset.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint });
        offset.Prepare();

        var started = Stopwatch.GetTimestamp();
        long written = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var e = SinkBenchData.Reading(written);
            var r = e.reading;
            object?[] values =
            [
                r.patient_id, r.timestamp, r.device_id, r.heart_rate, r.spo2, r.systolic_bp, r.diastolic_bp, r.respiratory_rate,
                r.temperature, r.glucose, r.consciousness?.ToString(), r.on_oxygen, r.latitude, r.longitude, e.news2_score, e.news2_risk.ToString(), e.status.ToString(),
            ];
            for (var i = 0; i < values.Length; i++) insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            if (withOffsets)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                offset.Transaction = transaction;
                insert.ExecuteNonQuery();
                offset.Parameters[0].Value = SinkBenchData.Topic;
                offset.Parameters[1].Value = (int)(written % SinkBenchData.Partitions);
                offset.Parameters[2].Value = written / SinkBenchData.Partitions + 1;
                offset.ExecuteNonQuery();
                transaction.Commit();
            }
            else
            {
                insert.ExecuteNonQuery();
            }
            written++;
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Check(connectionString, written);
        return written / seconds;
    }

    private static void Check(string connectionString, long expected)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var count = new NpgsqlCommand("SELECT count(*) FROM readings", connection);
        var rows = (long)count.ExecuteScalar()!;
        if (rows != expected) throw new InvalidOperationException($"expected {expected:N0} readings in the table, found {rows:N0}");
    }
}
