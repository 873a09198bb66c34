using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using Pulse.Vitals.Internal;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals;

/// <summary>
/// The vitals pipeline (docs/VITALS-TOPOLOGY.md):
/// <code>
/// vitals.raw (string, bytes) ─ validate ─┬─ invalid ─ dead-letter headers ─→ vitals.invalid (original bytes)
///                                        ├─ valid ─ score + rolling figures [vitals-rolling] ─┬─→ vitals.enriched
///                                        │                                                     ├─ 1-min windows [vitals-stats-1m]
///                                        │                                                     │  ─ final results [vitals-stats-final-store] ─→ vitals.stats.1m
///                                        │                                                     └─┐
///                                        └─ discharge ─────────────────────────────────────────┐ │
/// alerts.acks (string, AlertAck) ─────────────────────────────────────────────────────────────┴─┴─ episodes [alerts-patient-state]
///                                                                                                 ─→ alerts.dispatch / alerts.notify
///                                                                       critical and resolved ─┐
/// vehicles.positions (string, VehiclePosition) ─ one partition ─────────────────────────────────┴─ dispatch [dispatch-vehicles,
///                                                                                                   dispatch-orders] ─→ dispatch.orders
/// </code>
/// Values are read as bytes and deserialized inside the topology, so a record that does not
/// deserialize is dead-lettered byte for byte like an invalid one. Keys are patient ids and are
/// never changed but for dispatch, which repartitions critical alerts and vehicle positions onto one
/// partition (docs/DISPATCH.md): its own sub-topology.
/// </summary>
public static class VitalsTopology
{
    /// <summary>The key-value store of each patient's recent readings (rolling figures).</summary>
    public const string RollingStore = "vitals-rolling";

    /// <summary>The window store of the 1-minute stats windows (each patient's running figures per window).</summary>
    public const string StatsWindowStore = "vitals-stats-1m";

    /// <summary>The suppress node that holds each stats window back until it closes; its buffer store is <see cref="StatsFinalStore"/>.</summary>
    public const string StatsFinalNode = "vitals-stats-final";

    /// <summary>The suppression buffer of the stats windows: their latest figures, until each window closes.</summary>
    public const string StatsFinalStore = StatsFinalNode + "-store";

    /// <summary>The node that validates raw readings (named in dead letters' processor header).</summary>
    public const string ValidateNode = "vitals-validate";

    /// <summary>Builds the topology with RocksDB stores.</summary>
    /// <exception cref="Pulse.Streams.Errors.StreamsConfigException">The options are not valid; the message names each bad setting.</exception>
    public static Topology Build(VitalsOptions options, VitalsSerdes serdes) => Build(options, serdes, StoreType.RocksDb);

    /// <summary>Builds the topology with stores of <paramref name="storeType"/> (RocksDB, or in memory restored from changelogs).</summary>
    /// <exception cref="Pulse.Streams.Errors.StreamsConfigException">The options are not valid; the message names each bad setting.</exception>
    public static Topology Build(VitalsOptions options, VitalsSerdes serdes, StoreType storeType)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serdes);
        options.ValidateOrThrow();
        var topics = options.Topics;
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Supplier(RollingStore, storeType), Serdes.String,
            Serdes.From(RollingReadingsSerde.Instance, RollingReadingsSerde.Instance)).WithCachingEnabled());

        var validity = options.Validity;
        var branches = builder.Stream(topics.Raw, Consumed.With(Serdes.String, Serdes.ByteArray).WithName("vitals-raw"))
            .ProcessValues(() => new ReadingValidationProcessor(serdes.Reading.Deserializer, validity, topics.Raw), Named.As(ValidateNode))
            .Split(Named.As("vitals-route-"))
            .Branch((_, r) => r.IsValid && !r.IsDischarge, Branched.As<string, CheckedReading>("valid"))
            .Branch((_, r) => r.IsValid, Branched.As<string, CheckedReading>("discharge"))
            .DefaultBranch(Branched.As<string, CheckedReading>("invalid"));

        branches["vitals-route-invalid"]
            .ProcessValues(() => new DeadLetterProcessor(ValidateNode, options.DeadLetters.MaxPayloadBytes), Named.As("vitals-dead-letter"))
            .To(topics.Invalid, Produced.With(Serdes.String, Serdes.ByteArray).WithName("vitals-invalid-sink"));

        var (rollingMs, rollingGraceMs) = (Ms(options.Rolling.Window), Ms(options.Rolling.Grace));
        var enriched = branches["vitals-route-valid"]
            .ProcessValues(() => new EnrichmentProcessor(RollingStore, rollingMs, rollingGraceMs), Named.As("vitals-enrich"), RollingStore);
        enriched.To(topics.Enriched, Produced.With(Serdes.String, serdes.Enriched).WithName("vitals-enriched-sink"));

        // Each window's final figures, once the largest reading time seen reaches its end plus grace; later readings are late.
        enriched
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(options.Stats.Size, options.Stats.Grace))
            // The aggregate is changed in place, as Kafka Streams' aggregators commonly do: the store and its cache hold this one object
            // per window, and everything downstream (the suppression buffer, the changelog) takes its bytes when it takes the value.
            .Aggregate(() => new WindowStats(), (_, reading, stats) => stats.Added(reading, Timestamps.ToMs(reading.reading.timestamp)),
                Materialized.As<string, WindowStats>(StatsWindowStore).WithKeySerde(Serdes.String)
                    .WithValueSerde(Serdes.From(WindowStatsSerde.Instance, WindowStatsSerde.Instance)).WithStoreType(storeType),
                Named.As("vitals-stats"))
            .Suppress(Suppressed.UntilWindowCloses().WithName(StatsFinalNode))
            .ToStream(Named.As("vitals-stats-to-stream"))
            .Process(() => new StatsRecordProcessor(), Named.As("vitals-stats-record"))
            .To(topics.Stats, Produced.With(Serdes.String, serdes.Stats).WithName("vitals-stats-sink"));

        var discharges = branches["vitals-route-discharge"].MapValues(r => r.Reading!, Named.As("vitals-discharges"));
        var alerts = Alerts.AlertsStage.Add(builder, enriched, discharges, options, serdes, storeType, Alerts.AlertRules.Default(options.Alerts),
            [Alerts.PatientStore.Of<RollingReadings>(RollingStore)]);
        if (options.Dispatch.Enabled) Dispatch.DispatchStage.Add(builder, alerts, options, serdes, storeType);

        return builder.Build();
    }

    /// <summary>A key-value store of <paramref name="type"/> named <paramref name="name"/>: what every stage of the topology builds on.</summary>
    internal static IKeyValueBytesStoreSupplier Supplier(string name, StoreType type) =>
        type == StoreType.InMemory ? Stores.InMemoryKeyValueStore(name) : Stores.PersistentKeyValueStore(name);

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
