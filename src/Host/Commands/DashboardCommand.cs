using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Host.Dashboard;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary><c>pulse dashboard</c>: the ward's live central station in the browser (<see cref="DashboardServer"/>).</summary>
internal static class DashboardCommand
{
    /// <summary>Where /healthz, /readyz and /metrics listen unless <c>--http</c> says otherwise.</summary>
    public const int DefaultHttpPort = 9466;

    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--urls", "Dashboard:Urls", "Where to listen (default http://127.0.0.1:8080; loopback only unless you say otherwise)"),
            SettingFlag.For<string>("--postgres", "Postgres:ConnectionString",
                "Npgsql connection string of the sink's database, for the patient and daily pages (prefer PULSE__Postgres__ConnectionString)"),
            SettingFlag.For<string>("--state-url", "Dashboard:StateUrl", "A replica's HTTP address, whose interactive queries give a patient's live state"),
            .. ObservabilityFlags.WithHttp(DefaultHttpPort),
        ];
        var command = new Command("dashboard",
            "Serves the ward dashboard: a tile per patient with live vitals and trends, the alarm list with acknowledgement, " +
            "patient pages and daily statistics. Reads vitals.enriched and the alert topics, and PostgreSQL with --postgres. Runs until Ctrl+C.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-dashboard");
            builder.Services.AddPulseHttpEndpoint(builder.Configuration, DefaultHttpPort);
            builder.Services.AddPulseDashboard(builder.Configuration);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<WardFeed>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
