using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Vitals.Alerts;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// The dispatch stage (docs/DISPATCH.md), a sub-topology of its own: alert events of critical and resolving clinical
/// episodes, and <see cref="VitalsTopics.VehiclePositions"/>, each cut down to what the decision reads (<see cref="DispatchInput"/>)
/// and repartitioned onto one partition (internal topics
/// <c>&lt;application.id&gt;-dispatch-alerts-repartition</c> and <c>…-dispatch-vehicles-repartition</c>), so that one task
/// decides every assignment; its orders go to <see cref="VitalsTopics.DispatchOrders"/>, keyed by patient id.
/// </summary>
public static class DispatchStage
{
    /// <summary>The store of every vehicle's position, status and reservation, by vehicle id.</summary>
    public const string VehicleStore = "dispatch-vehicles";

    /// <summary>The store of every episode's order, by episode id.</summary>
    public const string RequestStore = "dispatch-orders";

    /// <summary>The key every dispatch input is repartitioned under: one partition, one writer.</summary>
    public const string Area = "all";

    /// <summary>Adds the stage after <paramref name="alerts"/> (the alert stage's events, keyed by patient id).</summary>
    public static void Add(StreamsBuilder builder, IKStream<string, Alert> alerts, VitalsOptions options, VitalsSerdes serdes, StoreType storeType = StoreType.RocksDb)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serdes);
        var dispatch = options.Dispatch;
        var serde = DispatchStateSerde.Instance;
        // No record cache on these stores: the processor keeps its working set in memory already, and a vehicle (every few
        // seconds) or an order is rarely written twice within a commit interval, so a cache would hold a second copy of
        // everything and save no changelog write (measured: 35k decisions/s with the cache, 57k without).
        builder.AddStateStore(Stores.KeyValueStoreBuilder(VitalsTopology.Supplier(VehicleStore, storeType), Serdes.String, Serdes.From<VehicleEntry>(serde, serde)));
        builder.AddStateStore(Stores.KeyValueStoreBuilder(VitalsTopology.Supplier(RequestStore, storeType), Serdes.String, Serdes.From<DispatchRequest>(serde, serde)));

        var input = Serdes.From<DispatchInput>(DispatchInputSerde.Instance, DispatchInputSerde.Instance);
        var requests = alerts
            .Filter((_, a) => a.kind == EpisodeKind.CLINICAL && a.alert_id is not null && (AlertsStage.IsDispatched(a) || a.state == AlertState.RESOLVED),
                Named.As("dispatch-critical"))
            .MapValues(a => DispatchInput.Of(a), Named.As("dispatch-alerts-input"))
            .SelectKey((_, _) => Area, Named.As("dispatch-alerts-area"))
            .Repartition(new Repartitioned<string, DispatchInput>(Serdes.String, input, "dispatch-alerts", 1));
        var vehicles = builder.Stream(options.Topics.VehiclePositions, Consumed.With(Serdes.String, serdes.Vehicle).WithName("dispatch-vehicle-positions"))
            .MapValues(v => DispatchInput.Of(v), Named.As("dispatch-vehicles-input"))
            .SelectKey((_, _) => Area, Named.As("dispatch-vehicles-area"))
            .Repartition(new Repartitioned<string, DispatchInput>(Serdes.String, input, "dispatch-vehicles", 1));
        requests.Merge(vehicles, Named.As("dispatch-merge"))
            .Process(() => new DispatchProcessor(dispatch), Named.As("dispatch-decide"), VehicleStore, RequestStore)
            .To(options.Topics.DispatchOrders, Produced.With(Serdes.String, serdes.Order).WithName("dispatch-orders-sink"));
    }

}
