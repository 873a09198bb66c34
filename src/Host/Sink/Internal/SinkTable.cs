using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// One table the sink writes: how a record becomes its row (<see cref="Map"/>), how the row goes
/// into a binary COPY (<see cref="Write"/>, columns in <see cref="Columns"/> order), and the SQL of
/// a COPY into it, of its per-connection staging table, and of the insert that moves staged rows
/// in, ignoring rows already present (the table's key identifies the record).
/// </summary>
internal abstract class SinkTable
{
    protected SinkTable(string name, IReadOnlyList<string> columns, bool expectsDuplicates = false)
    {
        Name = name;
        Columns = columns;
        ExpectsDuplicates = expectsDuplicates;
        var list = string.Join(", ", columns);
        StagingName = "sink_stage_" + name;
        CreateStagingSql = $"CREATE TEMP TABLE IF NOT EXISTS {StagingName} (LIKE {name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
        DirectCopySql = $"COPY {name} ({list}) FROM STDIN (FORMAT BINARY)";
        StagingCopySql = $"COPY {StagingName} ({list}) FROM STDIN (FORMAT BINARY)";
        InsertSql = $"INSERT INTO {name} ({list}) SELECT {list} FROM {StagingName} ON CONFLICT DO NOTHING";
    }

    public string Name { get; }

    public IReadOnlyList<string> Columns { get; }

    public string StagingName { get; }

    /// <summary>A temporary table like the real one (NOT NULL and defaults, no keys or checks), emptied at each commit.</summary>
    public string CreateStagingSql { get; }

    /// <summary>Whether rows already present are routine here (so a direct COPY would fail often): always stage.</summary>
    public bool ExpectsDuplicates { get; }

    /// <summary>COPY into the table itself: fails on a row already present.</summary>
    public string DirectCopySql { get; }

    /// <summary>COPY into the staging table, for <see cref="InsertSql"/>.</summary>
    public string StagingCopySql { get; }

    public string InsertSql { get; }

    /// <summary>The row for <paramref name="record"/>, or null to skip it (a tombstone). Throws when the value does not read.</summary>
    public abstract object? Map(ConsumeResult<byte[], byte[]> record);

    /// <summary>Writes the columns of <paramref name="row"/> (from <see cref="Map"/>) after <c>StartRow</c>.</summary>
    public abstract void Write(NpgsqlBinaryImporter importer, object row);

    public override string ToString() => Name;

    protected static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v) importer.Write(v, type);
        else importer.WriteNull();
    }

    protected static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
    }

    protected static void WriteEnum<T>(NpgsqlBinaryImporter importer, T? value)
        where T : struct, Enum
    {
        if (value is { } v) importer.Write(v.ToString(), NpgsqlDbType.Text);
        else importer.WriteNull();
    }
}
