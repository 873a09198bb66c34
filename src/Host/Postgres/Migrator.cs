using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Pulse.Host.Postgres;

/// <summary>
/// Brings a database to the newest schema: applies the SQL scripts embedded under
/// <c>Postgres/Migrations/</c> (<c>001_initial.sql</c>, <c>002_…</c>) in version order, each in its
/// own transaction together with its row in <c>schema_migrations</c>.
/// </summary>
/// <remarks>
/// Safe to run twice (applied versions are skipped) and from several processes at once: a
/// session-level advisory lock lets one migrator work at a time, and the others then find
/// nothing left to do. A script changed after it was applied fails the run (its SHA-256 is kept).
/// </remarks>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator>? logger = null)
{
    /// <summary>The advisory lock key every Pulse migrator takes (the bytes of "pulse.mg").</summary>
    public const long AdvisoryLockKey = 0x70756C73652E6D67;

    private const string ResourcePrefix = "Pulse.Host.Postgres.Migrations.";

    private readonly ILogger _logger = logger ?? NullLogger<Migrator>.Instance;

    /// <summary>The embedded migrations, in the order they apply.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>Applies the migrations this database lacks; returns how many it applied.</summary>
    /// <exception cref="InvalidOperationException">An applied migration's script has changed since.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    sha256     text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken).ConfigureAwait(false);
            var applied = await AppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var migration in Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var sha256))
                {
                    if (sha256 != migration.Sha256)
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was changed after it was applied to this database; add a new migration instead.");
                    continue;
                }
                await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                count++;
            }
            return count;
        }
        finally
        {
            // A broken connection has released the lock with its session; do not hide the first error.
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)", connection))
        {
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Name });
            record.Parameters.Add(new() { Value = migration.Sha256 });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Applied migration {Migration}", migration.Name);
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, sha256 FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), System.Globalization.CultureInfo.InvariantCulture, out var version))
                throw new InvalidOperationException($"Migration resource '{resource}' is not named <version>_<name>.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            var sql = text.ReadToEnd();
            migrations.Add(new Migration(version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
            if (migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"Migrations {migrations[i - 1].Name} and {migrations[i].Name} share version {migrations[i].Version}.");
        return migrations;
    }
}

/// <summary>One embedded migration script.</summary>
/// <param name="Version">The number its file name starts with.</param>
/// <param name="Name">The file name without <c>.sql</c>, e.g. <c>001_initial</c>.</param>
/// <param name="Sql">The script.</param>
/// <param name="Sha256">The script's SHA-256, lower-case hex.</param>
public sealed record Migration(int Version, string Name, string Sql, string Sha256);
