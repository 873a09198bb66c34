using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.AlertTail;
using Pulse.Host.Configuration;

namespace Pulse.Host.Commands;

/// <summary><c>pulse alerts ack PATIENT</c>: acknowledges a patient's alert episode (<see cref="AckPublisher"/>), which stops its reminders.</summary>
internal static class AlertAckCommand
{
    public static Command Create()
    {
        var patient = new Argument<string>("patient") { Description = "The patient whose episode to acknowledge" };
        IReadOnlyList<SettingFlag> flags =
        [
            .. KafkaFlags.WithRegistry(),
            SettingFlag.For<string>("--episode", "AlertAck:EpisodeId", "The episode (an alert's alert_id); default: the patient's open clinical episode"),
            SettingFlag.For<string>("--by", "AlertAck:By", "Who acknowledges (default: your user name)"),
            SettingFlag.For<string>("--note", "AlertAck:Note", "A note kept with the acknowledgement"),
            SettingFlag.For<string>("--timeout", "AlertAck:Timeout", "How long Kafka may take to confirm it, e.g. 10s (default 30s)"),
        ];
        var command = new Command("ack",
            "Acknowledges a patient's alert episode: someone is on it. The episode stops reminding; an escalation above what was " +
            "acknowledged notifies again. Published on alerts.acks; prints where, then exits.");
        command.Add(patient);
        // A misspelt flag where the patient goes ("pulse alerts ack --bogus …") is an unknown flag, not a patient called "--bogus".
        patient.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var token }] && token.StartsWith('-'))
                result.AddError(CommandLineErrors.UnknownFlag(token, command));
        });
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Configuration.AddInMemoryCollection([new($"{AlertAckOptions.Section}:{nameof(AlertAckOptions.PatientId)}", parse.GetValue(patient))]);
            builder.Logging.AddFilter("Pulse", LogLevel.Warning); // one line of output: the confirmation, or what went wrong
            builder.Services.AddPulseKafka(builder.Configuration);
            builder.Services.AddPulseVitalsTopics(builder.Configuration);
            builder.Services.AddOptions<AlertAckOptions>()
                .Bind(builder.Configuration.GetSection(AlertAckOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
                .ValidateOnStart();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertAckOptions>, AlertAckOptionsValidator>());
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<AckPublisher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AckPublisher>());
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, services => services.GetRequiredService<AckPublisher>().Fault).ConfigureAwait(false);
        });
        return command;
    }
}
