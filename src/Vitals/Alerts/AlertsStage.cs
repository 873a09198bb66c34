using pulse.vitals;
using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// Steps 5–6 of the vitals topology: the trend alerts (NEWS2, SUSTAINED, RAPID_CHANGE) over enriched
/// readings, and their routing: CRITICAL alerts RAISED or ESCALATED go to <see cref="VitalsTopics.Dispatch"/>,
/// every other alert event to <see cref="VitalsTopics.Notify"/>. Keys stay patient ids.
/// </summary>
public static class AlertsStage
{
    /// <summary>The RocksDB store of each patient's alert state (changelog <c>&lt;application.id&gt;-alerts-patient-state-changelog</c>).</summary>
    public const string StoreName = "alerts-patient-state";

    /// <summary>The name of the rules' processor node.</summary>
    public const string ProcessorName = "alerts-rules";

    /// <summary>The name of the split (Kafka-style, the prefix of its branches <c>alerts-route-dispatch</c> and <c>alerts-route-notify</c>).</summary>
    public const string SplitName = "alerts-route-";

    /// <summary>
    /// Adds the alert rules after <paramref name="enriched"/> (keyed by patient id) and writes their
    /// events to the notify and dispatch topics. Validates <see cref="VitalsOptions.Alerts"/> first.
    /// </summary>
    /// <exception cref="Pulse.Streams.Errors.StreamsConfigException">An alert setting is out of range; the message names each bad one.</exception>
    public static void Add(IKStream<string, EnrichedReading> enriched, VitalsOptions options, VitalsSerdes serdes)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serdes);
        options.Alerts.ValidateOrThrow();
        // The rules hold only settings, read now (validated): one instance of each serves every task.
        var (news2, sustained, rapidChange) = (new News2Rule(options.Alerts), new SustainedRule(options.Alerts), new RapidChangeRule(options.Alerts));
        var store = Stores.KeyValueStoreBuilder(Stores.PersistentKeyValueStore(StoreName), Serdes.String, PatientAlertStateSerde.Instance)
            .WithCachingEnabled();
        var produced = Produced.With(Serdes.String, serdes.Alert);
        enriched
            .ProcessValues(() => new AlertsProcessor(news2, sustained, rapidChange), [store], Named.As(ProcessorName))
            .Split(Named.As(SplitName))
            .Branch((_, alert) => IsDispatched(alert),
                Branched.WithConsumer<string, Alert>(s => s.To(options.Topics.Dispatch, produced.WithName("alerts-dispatch-sink")), "dispatch"))
            .DefaultBranch(
                Branched.WithConsumer<string, Alert>(s => s.To(options.Topics.Notify, produced.WithName("alerts-notify-sink")), "notify"));
    }

    /// <summary>Whether an alert event goes to dispatch: CRITICAL and RAISED or ESCALATED.</summary>
    internal static bool IsDispatched(Alert alert) =>
        alert.severity == AlertSeverity.CRITICAL && (alert.state is AlertState.RAISED or AlertState.ESCALATED);
}
