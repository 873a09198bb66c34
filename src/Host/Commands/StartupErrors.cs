using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Sink;

namespace Pulse.Host.Commands;

/// <summary>
/// Turns the exceptions a host throws at start for bad settings (validation failures, values the
/// binder cannot convert, unknown keys) into lines that name the setting, its flag and its
/// environment variable. Values are never repeated, so a secret in a bad value stays out.
/// </summary>
internal static partial class StartupErrors
{
    /// <summary>The sections of the options classes the binder may name by type.</summary>
    private static readonly Dictionary<string, string> Sections = new(StringComparer.Ordinal)
    {
        [typeof(KafkaOptions).FullName!] = KafkaOptions.Section,
        [typeof(PostgresOptions).FullName!] = PostgresOptions.Section,
        [typeof(SinkOptions).FullName!] = SinkOptions.Section,
        [typeof(Replica.ReplicaOptions).FullName!] = Replica.ReplicaOptions.Section,
        [typeof(Init.TopicCreationOptions).FullName!] = Init.TopicCreationOptions.Section,
        [typeof(Broker.BrokerOptions).FullName!] = Broker.BrokerOptions.Section,
        [typeof(AlertTail.AlertTailOptions).FullName!] = AlertTail.AlertTailOptions.Section,
        [typeof(Observability.TelemetryOptions).FullName!] = Observability.TelemetryOptions.Section,
        [typeof(Observability.HttpEndpointOptions).FullName!] = Observability.HttpEndpointOptions.Section,
        [typeof(Pulse.Vitals.VitalsOptions).FullName!] = Pulse.Vitals.VitalsOptions.Section,
        [typeof(Pulse.Vitals.VitalsTopics).FullName!] = Pulse.Vitals.VitalsTopics.Section,
        [typeof(Pulse.Vitals.ValidityOptions).FullName!] = "Vitals:Validity",
        [typeof(Pulse.Vitals.StatsWindowOptions).FullName!] = "Vitals:Stats",
        [typeof(Pulse.Vitals.RollingOptions).FullName!] = "Vitals:Rolling",
        [typeof(Pulse.Vitals.AlertOptions).FullName!] = "Vitals:Alerts",
        [typeof(Pulse.Vitals.DeadLetterOptions).FullName!] = "Vitals:DeadLetters",
        [typeof(Simulator.SimulatorOptions).FullName!] = Simulator.SimulatorOptions.Section,
        [typeof(Demo.DemoOptions).FullName!] = Demo.DemoOptions.Section,
    };

    /// <summary>One line per bad setting, or null when <paramref name="exception"/> is not about settings.</summary>
    public static IReadOnlyList<string>? Describe(Exception exception, IReadOnlyList<SettingFlag> flags)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                return validation.Failures.Select(f => WithSources(f, KeyAtStart(f), flags)).ToList();
            case InvalidOperationException when ConvertFailure().Match(exception.Message) is { Success: true } m:
                var key = m.Groups["key"].Value;
                return [WithSources($"{key} must be {Friendly(m.Groups["type"].Value)}.", key, flags)];
            case InvalidOperationException when UnknownKeys().Match(exception.Message) is { Success: true } m:
                var section = Sections.GetValueOrDefault(m.Groups["type"].Value, m.Groups["type"].Value);
                return m.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries)
                    .Select(n => $"{section}:{n.Trim('\'')} is not a setting; check its spelling.")
                    .ToList();
            case AggregateException aggregate:
                var all = aggregate.InnerExceptions.Select(inner => Describe(inner, flags)).ToList();
                return all.Any(lines => lines is null) ? null : all.SelectMany(lines => lines!).ToList();
            default:
                return null;
        }
    }

    private static string? KeyAtStart(string message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && message.AsSpan(0, space).Contains(':') ? message[..space] : null;
    }

    private static string WithSources(string message, string? key, IReadOnlyList<SettingFlag> flags)
    {
        if (key is null) return message;
        var env = CommandHost.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);
        var flag = flags.FirstOrDefault(f => f.Sets(key));
        return flag is null
            ? $"{message} [set it with {env} or in appsettings.json]"
            : $"{message} [set it with {flag.Option.Name}, {env} or in appsettings.json]";
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
        "System.Boolean" => "true or false",
        "System.Double" => "a number",
        "System.TimeSpan" => "a time span (hh:mm:ss)",
        _ when type == typeof(Pulse.Streams.ProcessingGuarantee).FullName => Pulse.Streams.ProcessingGuaranteeConverter.KafkaNames,
        _ when type.StartsWith("System.Nullable`1[[System.Int32", StringComparison.Ordinal) => "a whole number",
        _ => "a " + type,
    };

    [GeneratedRegex(@"^Failed to convert configuration value '.*' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConvertFailure();

    [GeneratedRegex(@"were not found on the instance of (?<type>[\w.]+): (?<names>.+)$", RegexOptions.Singleline)]
    private static partial Regex UnknownKeys();
}
