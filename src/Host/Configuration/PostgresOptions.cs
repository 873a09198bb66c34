using Npgsql;

namespace Pulse.Host.Configuration;

/// <summary>
/// Where PostgreSQL is: configuration section <see cref="Section"/>. Validated at start-up by
/// <see cref="PostgresOptionsValidator"/>; the password is never logged (<see cref="Describe()"/>).
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Postgres";

    /// <summary>
    /// An Npgsql connection string (<c>--postgres</c>, or better <c>PULSE__Postgres__ConnectionString</c>,
    /// which keeps the password out of the process list). Required.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The connection string's host, port, database and user, without any secret, for logs.</summary>
    public string Describe() => Describe(ConnectionString);

    /// <summary><paramref name="connectionString"/>'s host, port, database and user, without any secret.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={b.Host};Port={b.Port};Database={b.Database};Username={b.Username}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
