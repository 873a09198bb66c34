using Microsoft.Extensions.Options;
using Npgsql;

namespace Pulse.Host.Configuration;

/// <summary>Checks <see cref="PostgresOptions"/> at start-up: a connection string Npgsql reads, naming a host. Messages never echo it.</summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    private const string Key = "Postgres:ConnectionString";

    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        var errors = new SettingErrors();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Required(Key, options.ConnectionString);
            return errors.Result();
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host)) errors.Add(Key, "names no Host.");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message may quote a piece of the string: only show it when no password is in there.
            var detail = options.ConnectionString.Contains("pass", StringComparison.OrdinalIgnoreCase)
                ? "check the key=value;… format and the keywords"
                : FirstSentence(e.Message);
            errors.Add(Key, $"is not a valid connection string ({detail}).");
        }
        return errors.Result();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOfAny(['\n', '\r']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
