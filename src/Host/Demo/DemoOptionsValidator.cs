using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Demo.Internal;
using Pulse.Host.Postgres;

namespace Pulse.Host.Demo;

/// <summary>
/// Checks <see cref="DemoOptions"/> at start-up (<see cref="DemoPlan.TryCreate"/>), and that a
/// PostgreSQL is at hand: <c>Postgres:ConnectionString</c>, or the server binaries to start a private one.
/// </summary>
internal sealed class DemoOptionsValidator(IConfiguration configuration) : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var errors = new SettingErrors();
        DemoPlan.TryCreate(options, errors);
        if (string.IsNullOrWhiteSpace(configuration[PostgresKey]) && LocalPostgres.FindBinDirectory() is null)
            errors.Add(PostgresKey,
                "is not set, and there are no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb, or initdb on PATH) to start a private server with. " +
                "Install them with 'sudo apt-get install -y postgresql' (Debian, Ubuntu; scripts/demo.sh does it), " +
                "or give a server to use: --postgres \"Host=…;Username=…;Database=…\".");
        return errors.Result();
    }

    private const string PostgresKey = $"{PostgresOptions.Section}:{nameof(PostgresOptions.ConnectionString)}";
}
