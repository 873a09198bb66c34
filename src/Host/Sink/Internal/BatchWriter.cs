using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// Writes a run of records and the offsets after them in one transaction. Per table, the rows go by
/// binary COPY straight into the table, inside a savepoint; when a row is already there (a unique
/// violation: a record read twice, or the same alert event from two topics) the savepoint is rolled
/// back and the rows go by COPY into the connection's staging table instead, then
/// <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>. Tables where duplicates are routine
/// (<see cref="SinkTable.ExpectsDuplicates"/>) always take the staging path. Then the upsert of
/// <c>sink_offsets</c>, then COMMIT. Either every row and offset of the run is in, or none.
/// </summary>
/// <remarks>
/// Holds one connection open between batches (its staging tables live as long as it does); any
/// failure closes it and the next write opens a new one. Offsets only move forward
/// (<c>GREATEST</c>), so an instance that lost its partitions while writing cannot move them back.
/// Not thread-safe: one sink loop owns it.
/// </remarks>
internal sealed class BatchWriter(NpgsqlDataSource dataSource, string consumerGroup, IReadOnlyList<SinkTable> tables, bool directCopy = true, string clusterId = "")
    : IDisposable
{
    // Offsets only move forward within a cluster; another cluster's offset is replaced ('' is a row from before cluster ids).
    private const string UpsertOffsetsSql = """
        INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset, cluster_id)
        SELECT $1, t.topic, t.partition, t.next_offset, $5 FROM unnest($2::text[], $3::integer[], $4::bigint[]) AS t(topic, partition, next_offset)
        ON CONFLICT (consumer_group, topic, partition)
        DO UPDATE SET next_offset = CASE WHEN sink_offsets.cluster_id IN (EXCLUDED.cluster_id, '')
                                         THEN GREATEST(sink_offsets.next_offset, EXCLUDED.next_offset) ELSE EXCLUDED.next_offset END,
                      cluster_id = EXCLUDED.cluster_id, updated_at = now()
        """;

    private const string Savepoint = "sink_direct_copy";

    private NpgsqlConnection? _connection;

    /// <summary>The sink's consumer group, whose offsets this writer stores.</summary>
    public string ConsumerGroup => consumerGroup;

    /// <summary>
    /// Writes the rows of <paramref name="records"/> (dead-lettered ones skipped) and the offsets after
    /// all of them; returns the rows inserted per table and those already present.
    /// </summary>
    public BatchOutcome Write(IReadOnlyList<SinkRecord> records)
    {
        var connection = Open();
        try
        {
            using var transaction = connection.BeginTransaction();
            var outcome = new BatchOutcome();
            var staged = new List<(SinkTable Table, int Rows)>(tables.Count);
            foreach (var table in tables)
            {
                if (!records.Any(r => r.HasRow && ReferenceEquals(r.Table, table))) continue;
                if (directCopy && !table.ExpectsDuplicates && TryCopyDirect(transaction, table, records) is { } copied)
                {
                    outcome.Add(table.Name, copied, 0);
                    continue;
                }
                staged.Add((table, Copy(connection, table.StagingCopySql, table, records)));
            }
            using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var (table, _) in staged)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(table.InsertSql));
            batch.BatchCommands.Add(OffsetsCommand(PartitionOffsets.After(records)));
            batch.ExecuteNonQuery();
            transaction.Commit();

            for (var i = 0; i < staged.Count; i++)
            {
                var inserted = checked((int)batch.BatchCommands[i].RecordsAffected);
                outcome.Add(staged[i].Table.Name, inserted, staged[i].Rows - inserted);
            }
            return outcome;
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <summary>COPY straight into <paramref name="table"/>; the rows copied, or null when one was already there (nothing then remains of the attempt).</summary>
    private static int? TryCopyDirect(NpgsqlTransaction transaction, SinkTable table, IReadOnlyList<SinkRecord> records)
    {
        transaction.Save(Savepoint);
        try
        {
            var copied = Copy(transaction.Connection!, table.DirectCopySql, table, records);
            transaction.Release(Savepoint);
            return copied;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            transaction.Rollback(Savepoint);
            return null;
        }
    }

    /// <summary>The rows of <paramref name="table"/> among <paramref name="records"/>, binary-copied by <paramref name="copySql"/>; returns how many.</summary>
    private static int Copy(NpgsqlConnection connection, string copySql, SinkTable table, IReadOnlyList<SinkRecord> records)
    {
        NpgsqlBinaryImporter? importer = null;
        var count = 0;
        try
        {
            foreach (var record in records)
            {
                if (!record.HasRow || !ReferenceEquals(record.Table, table)) continue;
                importer ??= connection.BeginBinaryImport(copySql);
                importer.StartRow();
                table.Write(importer, record.Row!);
                count++;
            }
            importer?.Complete();
        }
        catch (PostgresException)
        {
            // The server ended the COPY with an error; the importer closes cleanly and the connection stays usable.
            importer?.Dispose();
            throw;
        }
        // Any other exception leaves the importer to the connection, which the caller closes:
        // disposing a half-written COPY would throw again and hide the first error.
        importer?.Dispose();
        return count;
    }

    private NpgsqlBatchCommand OffsetsCommand(Dictionary<TopicPartition, long> offsets)
    {
        var command = new NpgsqlBatchCommand(UpsertOffsetsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = consumerGroup, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = offsets.Keys.Select(tp => tp.Topic).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = offsets.Keys.Select(tp => tp.Partition.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = offsets.Values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    private NpgsqlConnection Open()
    {
        if (_connection is { State: System.Data.ConnectionState.Open }) return _connection;
        Close();
        var connection = dataSource.OpenConnection();
        try
        {
            using var batch = new NpgsqlBatch(connection);
            foreach (var table in tables)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(table.CreateStagingSql));
            batch.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _connection = connection;
        return connection;
    }

    private void Close()
    {
        var connection = _connection;
        _connection = null;
        try
        {
            connection?.Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
        {
            // Closing a broken connection may fail; it is gone either way.
        }
    }

    public void Dispose() => Close();
}

/// <summary>What one transaction wrote: rows inserted, and rows skipped because they were already present, per table.</summary>
internal sealed class BatchOutcome
{
    public Dictionary<string, (int Inserted, int AlreadyPresent)> Tables { get; } = new(StringComparer.Ordinal);

    public void Add(string table, int inserted, int alreadyPresent)
    {
        Tables.TryGetValue(table, out var sum);
        Tables[table] = (sum.Inserted + inserted, sum.AlreadyPresent + alreadyPresent);
    }

    public void Add(BatchOutcome other)
    {
        foreach (var (table, (inserted, present)) in other.Tables) Add(table, inserted, present);
    }
}
