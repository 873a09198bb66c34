using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.AlertTail;
using Pulse.Host.Configuration;
using Pulse.Host.Observability;
using Pulse.Host.Replica;

namespace Pulse.Host.Commands;

/// <summary><c>pulse alerts</c>: prints the alert events of the dispatch (and notify) topic as they come (<see cref="AlertTailer"/>).</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<bool>("--all", "AlertTail:All", "Every alert event (alerts.notify too), not only critical dispatches"),
            SettingFlag.For<bool>("--json", "AlertTail:Json", "One JSON object per line instead of text"),
            SettingFlag.For<bool>("--from-beginning", "AlertTail:FromBeginning", "Start from the oldest event kept, not from new ones"),
            SettingFlag.For<string>("--group-id", "AlertTail:GroupId", "Read in this consumer group, resuming where it left off (default: no group)"),
            SettingFlag.For<string>("--give-up-after", "AlertTail:GiveUpAfter", "How long Kafka may stay unreachable before exiting with code 1, e.g. 30s, 5m (default 5m)"),
            .. ObservabilityFlags.Telemetry(),
        ];
        var command = new Command("alerts",
            "Prints alert events as they arrive, one per line (time, patient, rule, severity, state, NEWS2, message, location): " +
            "alerts.dispatch, and alerts.notify with --all. Runs until Ctrl+C. 'pulse alerts ack PATIENT' acknowledges an episode.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.Add(AlertAckCommand.Create());
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-alerts");
            builder.Services.AddPulseKafka(builder.Configuration);
            builder.Services.AddPulseVitalsOptions(builder.Configuration);
            builder.Services.AddOptions<AlertTailOptions>()
                .Bind(builder.Configuration.GetSection(AlertTailOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
                .ValidateOnStart();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertTailOptions>, AlertTailOptionsValidator>());
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<AlertTailer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertTailer>());
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<AlertTailer>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
