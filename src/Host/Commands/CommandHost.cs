using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary>
/// What every long-running command shares: a generic host whose configuration is, lowest first,
/// <c>appsettings.json</c> next to the executable, <c>appsettings.json</c> in the working directory,
/// environment variables prefixed <c>PULSE__</c> (<c>PULSE__Sink__BatchSize=1000</c>), then the
/// command's flags; console logs on stderr; and start-up errors reported as settings to fix.
/// </summary>
internal static class CommandHost
{
    /// <summary>The prefix of environment variables read as configuration; <c>__</c> separates sections.</summary>
    public const string EnvironmentPrefix = "PULSE__";

    public static HostApplicationBuilder CreateBuilder(ParseResult parse, IReadOnlyList<SettingFlag> flags)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "pulse",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var config = builder.Configuration;
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var local = Path.Combine(Environment.CurrentDirectory, "appsettings.json");
        config.AddJsonFile(shipped, optional: true, reloadOnChange: false);
        if (!string.Equals(Path.GetFullPath(shipped), Path.GetFullPath(local), StringComparison.Ordinal))
            config.AddJsonFile(local, optional: true, reloadOnChange: false);
        config.AddEnvironmentVariables(EnvironmentPrefix);
        config.AddInMemoryCollection(flags.SelectMany(f => f.Settings(parse)));

        builder.Logging.AddConfiguration(config.GetSection("Logging"));
        builder.Logging.AddConsole(o => o.FormatterName = OneLineConsoleFormatter.Name)
            .AddConsoleFormatter<OneLineConsoleFormatter, OneLineConsoleFormatterOptions>();
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // Start-up failures are reported as settings to fix (StartupErrors), not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        return builder;
    }

    /// <summary>
    /// Runs <paramref name="host"/> until it stops (Ctrl+C, SIGTERM, or a service stopping it), then
    /// disposes it. Returns 0; 1 when <paramref name="fault"/> reports what stopped a service; 2 when
    /// a setting is invalid, each bad setting named on stderr with its flag and environment variable.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, IHost host, IReadOnlyList<SettingFlag> flags, Func<IServiceProvider, Exception?> fault)
    {
        try
        {
            // Every option group first, so all bad settings are reported together, before any service is built.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.StartAsync().ConfigureAwait(false);
            await host.WaitForShutdownAsync().ConfigureAwait(false);
            return fault(host.Services) is null ? 0 : 1;
        }
        catch (Exception e) when (StartupErrors.Describe(e, flags) is { } problems)
        {
            var error = parse.InvocationConfiguration.Error;
            await error.WriteLineAsync($"{CommandLineErrors.CommandPath(parse.CommandResult)}: invalid settings:").ConfigureAwait(false);
            foreach (var problem in problems)
                await error.WriteLineAsync("  " + problem).ConfigureAwait(false);
            return 2;
        }
        finally
        {
            if (host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else host.Dispose();
        }
    }
}
