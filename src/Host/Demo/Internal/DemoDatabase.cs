using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.Host.Configuration;
using Pulse.Host.Postgres;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// The demo's PostgreSQL: the server given by <c>Postgres:ConnectionString</c> (<c>--postgres</c>), or a
/// private one (<see cref="LocalPostgres"/>, started from the system's binaries in the state directory,
/// database <see cref="DatabaseName"/>, stopped and deleted at the end); migrated either way.
/// </summary>
internal sealed class DemoDatabase : IDisposable
{
    /// <summary>The database the private server gets.</summary>
    public const string DatabaseName = "pulse";

    private readonly LocalPostgres? _server;

    private DemoDatabase(string connectionString, LocalPostgres? server)
    {
        ConnectionString = connectionString;
        _server = server;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The connection string the sink uses (with its password, if any: never print it, print <see cref="Description"/>).</summary>
    public string ConnectionString { get; }

    /// <summary>Host, port, database and user: no secret.</summary>
    public string Description => Describe(ConnectionString);

    /// <summary>Host, port, database and user of <paramref name="connectionString"/>: no secret.</summary>
    public static string Describe(string connectionString) => PostgresOptions.Describe(connectionString);

    /// <summary>The private server's folder, or null when the server was given.</summary>
    public string? Folder => _server?.RootDirectory;

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A psql command line that opens the database (no password in it).</summary>
    public string PsqlCommand()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"psql \"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}\"";
    }

    /// <summary>The connection string without its password, to print (Npgsql then finds the password as psql does, or asks for none).</summary>
    public string ConnectionStringWithoutPassword()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null };
        return $"Host={b.Host};Port={b.Port};Username={b.Username};Database={b.Database}";
    }

    /// <summary>
    /// For <c>--keep</c>: leaves a private server running with its data (and says how to stop it); a given
    /// server is not ours to stop. Returns the command that stops it, or null.
    /// </summary>
    public string? Keep()
    {
        if (_server is null) return null;
        _server.Detach();
        return _server.StopCommand;
    }

    /// <summary>Opens the given database, or starts a private server under <paramref name="stateDir"/>; then applies the migrations.</summary>
    public static async Task<DemoDatabase> OpenAsync(string? connectionString, string stateDir, ILogger logger, CancellationToken cancellationToken)
    {
        DemoDatabase database;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            database = new DemoDatabase(connectionString, null);
        }
        else
        {
            var server = await Task.Run(() => LocalPostgres.StartNew(new LocalPostgresOptions { ParentDirectory = stateDir, Settings = LocalPostgresOptions.Throwaway }),
                cancellationToken).ConfigureAwait(false);
            try
            {
                server.CreateDatabase(DatabaseName);
            }
            catch
            {
                server.Dispose();
                throw;
            }
            database = new DemoDatabase(server.ConnectionStringFor(DatabaseName), server);
        }
        try
        {
            var applied = await new Migrator(database.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Database {Database}: {Applied} migration(s) applied", database.Description, applied);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        DataSource.Dispose();
        _server?.Dispose();
    }
}
