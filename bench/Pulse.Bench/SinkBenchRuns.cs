using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Pulse.Host.Postgres;
using Pulse.Host.Sink;
using Pulse.Host.Sink.Internal;
using Pulse.Vitals;
using Pulse.Schemas.Registry;

namespace Pulse.Bench;

/// <summary>What one timed run wrote: readings per second, and CPU microseconds per reading in this process and in the server.</summary>
internal sealed record SinkRun(double ReadingsPerSecond, double ClientCpuMicros, double ServerCpuMicros)
{
    public double ReadingsPerCpuSecond => 1e6 / (ClientCpuMicros + ServerCpuMicros);
}

/// <summary>The write paths the <c>sink</c> benchmark compares, each into a fresh database of <paramref name="server"/>.</summary>
internal sealed class SinkBenchRuns(LocalPostgres server)
{
    private int _databases;

    /// <summary>
    /// <paramref name="readings"/> readings through the sink's <see cref="BatchWriter"/> in batches of
    /// <paramref name="batchSize"/>: COPY straight into the table (<paramref name="direct"/>) or via
    /// staging. Only the time in the writer counts (not making the rows).
    /// </summary>
    public SinkRun Copy(int readings, int batchSize, bool direct)
    {
        var connectionString = NewDatabase();
        using var source = NpgsqlDataSource.Create(connectionString);
        var table = new TableRouter(new VitalsTopics(), InProcessSchemaRegistry.Seeded(), TimeProvider.System).Tables[0];
        var spent = TimeSpan.Zero;
        var client = TimeSpan.Zero;
        TimeSpan serverBefore, serverAfter;
        using (var writer = new BatchWriter(source, "bench", [table], directCopy: direct))
        {
            serverBefore = ServerCpu.Read(server);
            for (long first = 0; first < readings; first += batchSize)
            {
                var batch = SinkBenchData.Batch(table, first, (int)Math.Min(batchSize, readings - first));
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                writer.Write(batch);
                spent += Stopwatch.GetElapsedTime(started);
                client += Process.GetCurrentProcess().TotalProcessorTime - cpu;
            }
            serverAfter = ServerCpu.Read(server);
        }
        Check(connectionString, readings);
        return new SinkRun(readings / spent.TotalSeconds, client.TotalMicroseconds / readings, (serverAfter - serverBefore).TotalMicroseconds / readings);
    }

    /// <summary>One prepared INSERT per reading for <paramref name="duration"/>, autocommit or in a transaction with its offset.</summary>
    public SinkRun Insert(TimeSpan duration, bool withOffsets)
    {
        var connectionString = NewDatabase();
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var insert = InsertCommand(connection);
        using var offset = OffsetCommand(connection);
        var serverBefore = ServerCpu.Read(server);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        long written = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            SetValues(insert, written);
            if (withOffsets)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                offset.Transaction = transaction;
                insert.ExecuteNonQuery();
                offset.Parameters[0].Value = (int)(written % SinkBenchData.Partitions);
                offset.Parameters[1].Value = written / SinkBenchData.Partitions + 1;
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
        var client = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var serverCpu = ServerCpu.Read(server) - serverBefore;
        Check(connectionString, written);
        return new SinkRun(written / seconds, client.TotalMicroseconds / written, serverCpu.TotalMicroseconds / written);
    }

    public string NewDatabase()
    {
        var name = $"bench_{Interlocked.Increment(ref _databases)}";
        server.CreateDatabase(name);
        var connectionString = server.ConnectionStringFor(name);
        using var source = NpgsqlDataSource.Create(connectionString);
        new Migrator(source).MigrateAsync().GetAwaiter().GetResult();
        return connectionString;
    }

    private static NpgsqlCommand InsertCommand(NpgsqlConnection connection)
    {
        var insert = new NpgsqlCommand("""
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
        return insert;
    }

    private static NpgsqlCommand OffsetCommand(NpgsqlConnection connection)
    {
        var offset = new NpgsqlCommand($"""
            INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset) VALUES ('bench', '{SinkBenchData.Topic}', $1, $2)
            ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = GREATEST(sink_offsets.next_offset, EXCLUDED.next_offset)
            """, connection);
        offset.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer });
        offset.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint });
        offset.Prepare();
        return offset;
    }

    private static void SetValues(NpgsqlCommand insert, long i)
    {
        var e = SinkBenchData.Reading(i);
        var r = e.reading;
        object?[] values =
        [
            r.patient_id, r.timestamp, r.device_id, r.heart_rate, r.spo2, r.systolic_bp, r.diastolic_bp, r.respiratory_rate,
            r.temperature, r.glucose, r.consciousness?.ToString(), r.on_oxygen, r.latitude, r.longitude, e.news2_score, e.news2_risk.ToString(), e.status.ToString(),
        ];
        for (var v = 0; v < values.Length; v++) insert.Parameters[v].Value = values[v] ?? DBNull.Value;
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
