using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The alerts stage of the vitals topology: the rules over enriched readings, one clinical episode
/// per patient (and a technical one for NO_DATA), acknowledgements from <see cref="VitalsTopics.Acks"/>,
/// discharges, and the routing: CRITICAL clinical events that should reach someone (RAISED, ESCALATED,
/// REMINDED) go to <see cref="VitalsTopics.Dispatch"/>, every other event to <see cref="VitalsTopics.Notify"/>.
/// Keys stay patient ids; the acknowledgement topic must be partitioned like the readings (same
/// partition count, keys hashed the same way), as Pulse's producers do.
/// </summary>
public static class AlertsStage
{
    /// <summary>The store of each patient's alert state (changelog <c>&lt;application.id&gt;-alerts-patient-state-changelog</c>).</summary>
    public const string StoreName = "alerts-patient-state";

    /// <summary>The name of the stage's processor node.</summary>
    public const string ProcessorName = "alerts-rules";

    /// <summary>The name of the split (Kafka-style, the prefix of its branches <c>alerts-route-dispatch</c> and <c>alerts-route-notify</c>).</summary>
    public const string SplitName = "alerts-route-";

    /// <summary>
    /// Adds the stage after <paramref name="readings"/> (enriched, keyed by patient id) and, when given,
    /// <paramref name="discharges"/> (valid readings marked <c>discharged</c>); reads acknowledgements from
    /// <see cref="VitalsTopics.Acks"/>. Validates <see cref="VitalsOptions.Alerts"/> and the rules first.
    /// </summary>
    /// <param name="builder">The builder <paramref name="readings"/> came from.</param>
    /// <param name="readings">Enriched readings keyed by patient id.</param>
    /// <param name="discharges">Discharges keyed by patient id, or null.</param>
    /// <param name="options">Topics and alert settings.</param>
    /// <param name="serdes">The serdes of alerts and acknowledgements.</param>
    /// <param name="storeType">RocksDB, or in memory restored from the changelog.</param>
    /// <param name="rules">The rules; <see cref="AlertRules.Default"/> when null.</param>
    /// <returns>Every alert event, keyed by patient id (before it is routed to its topic).</returns>
    /// <exception cref="StreamsConfigException">An alert setting is out of range, or two rules share a name; the message names each problem.</exception>
    public static IKStream<string, Alert> Add(StreamsBuilder builder, IKStream<string, EnrichedReading> readings, IKStream<string, VitalReading>? discharges,
        VitalsOptions options, VitalsSerdes serdes, StoreType storeType = StoreType.RocksDb, IReadOnlyList<IAlertRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Add(builder, readings, discharges, options, serdes, storeType, rules ?? AlertRules.Default(options.Alerts), []);
    }

    internal static IKStream<string, Alert> Add(StreamsBuilder builder, IKStream<string, EnrichedReading> readings, IKStream<string, VitalReading>? discharges,
        VitalsOptions options, VitalsSerdes serdes, StoreType storeType, IReadOnlyList<IAlertRule> rules, IReadOnlyList<PatientStore> alsoForget)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serdes);
        ArgumentNullException.ThrowIfNull(rules);
        options.Alerts.ValidateOrThrow();
        ValidateRules(rules);
        var settings = new AlertsStageSettings(options.Alerts, rules, alsoForget);
        var supplier = storeType == StoreType.InMemory ? Stores.InMemoryKeyValueStore(StoreName) : Stores.PersistentKeyValueStore(StoreName);
        builder.AddStateStore(Stores.KeyValueStoreBuilder(supplier, Serdes.String, settings.Serde.ToSerde()).WithCachingEnabled());

        var inputs = readings.MapValues(r => AlertInput.Of(r), Named.As("alerts-readings"));
        var acks = builder.Stream(options.Topics.Acks, Consumed.With(Serdes.String, serdes.Ack).WithName("alerts-acks"))
            .MapValues(a => AlertInput.Of(a), Named.As("alerts-acks-input"));
        inputs = inputs.Merge(acks, Named.As("alerts-merge-acks"));
        if (discharges is not null)
            inputs = inputs.Merge(discharges.MapValues(d => AlertInput.Discharged(d), Named.As("alerts-discharges")), Named.As("alerts-merge-discharges"));

        var produced = Produced.With(Serdes.String, serdes.Alert);
        var alerts = inputs
            .ProcessValues(() => new AlertsProcessor(settings), Named.As(ProcessorName), [StoreName, .. alsoForget.Select(s => s.Name)]);
        alerts
            .Split(Named.As(SplitName))
            .Branch((_, alert) => IsDispatched(alert),
                Branched.WithConsumer<string, Alert>(s => s.To(options.Topics.Dispatch, produced.WithName("alerts-dispatch-sink")), "dispatch"))
            .DefaultBranch(
                Branched.WithConsumer<string, Alert>(s => s.To(options.Topics.Notify, produced.WithName("alerts-notify-sink")), "notify"));
        return alerts;
    }

    /// <summary>Whether an alert event goes to dispatch: a CRITICAL clinical episode RAISED, ESCALATED or REMINDED.</summary>
    public static bool IsDispatched(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.kind == EpisodeKind.CLINICAL && alert.severity == AlertSeverity.CRITICAL &&
            alert.state is AlertState.RAISED or AlertState.ESCALATED or AlertState.REMINDED;
    }

    private static void ValidateRules(IReadOnlyList<IAlertRule> rules)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal) { EpisodeTracker.NoDataRule };
        foreach (var rule in rules)
        {
            if (rule is null) errors.Add("a rule is null");
            else if (string.IsNullOrWhiteSpace(rule.Name)) errors.Add($"rule {rule.GetType().Name} has no name");
            else if (!names.Add(rule.Name)) errors.Add($"rule name {rule.Name} is used twice (or is reserved)");
            else if (rule.ClearAfter < TimeSpan.Zero) errors.Add($"rule {rule.Name} has a negative ClearAfter");
        }
        if (errors.Count > 0) throw new StreamsConfigException("Invalid alert rules: " + string.Join("; ", errors));
    }
}
