using Npgsql;
using Pulse.Host.Postgres;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// One private PostgreSQL server per test class (<see cref="LocalPostgres"/>, durability traded for
/// speed), and a fresh database per test (<see cref="NewDatabase"/>).
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private int _databases;

    public PostgresFixture() => Server = LocalPostgres.StartNew(new LocalPostgresOptions { Settings = LocalPostgresOptions.Throwaway });

    public LocalPostgres Server { get; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string NewDatabase()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        Server.CreateDatabase(name);
        return Server.ConnectionStringFor(name);
    }

    public void Dispose() => Server.Dispose();
}

/// <summary>Small queries for assertions.</summary>
internal static class Sql
{
    public static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    public static long Count(string connectionString, string table) => Scalar<long>(connectionString, $"SELECT count(*) FROM {table}");

    /// <summary>
    /// <paramref name="table"/>'s row count, or -1 while the table does not exist yet or the server
    /// is away: for waiting on a sink that migrates the database itself.
    /// </summary>
    public static long CountOrMinusOne(string connectionString, string table)
    {
        try
        {
            return Count(connectionString, table);
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    public static List<Dictionary<string, object?>> Rows(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
