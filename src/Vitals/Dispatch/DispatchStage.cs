using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Vitals.Alerts;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// The dispatch stage (docs/DISPATCH.md), a sub-topology of its own: alert events of critical and resolving clinical
/// episodes, and <see cref="VitalsTopics.VehiclePositions"/>, each repartitioned onto one partition (internal topics
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
        builder.AddStateStore(Stores.KeyValueStoreBuilder(VitalsTopology.Supplier(VehicleStore, storeType), Serdes.String, Serdes.From<VehicleEntry>(serde, serde)).WithCachingEnabled());
        builder.AddStateStore(Stores.KeyValueStoreBuilder(VitalsTopology.Supplier(RequestStore, storeType), Serdes.String, Serdes.From<DispatchRequest>(serde, serde)).WithCachingEnabled());

        var requests = alerts
            .Filter((_, a) => a.kind == EpisodeKind.CLINICAL && (AlertsStage.IsDispatched(a) || a.state == AlertState.RESOLVED), Named.As("dispatch-critical"))
            .SelectKey((_, _) => Area, Named.As("dispatch-alerts-area"))
            .Repartition(new Repartitioned<string, Alert>(Serdes.String, serdes.Alert, "dispatch-alerts", 1))
            .MapValues(a => DispatchInput.Of(a), Named.As("dispatch-alerts-input"));
        var vehicles = builder.Stream(options.Topics.VehiclePositions, Consumed.With(Serdes.String, serdes.Vehicle).WithName("dispatch-vehicle-positions"))
            .SelectKey((_, _) => Area, Named.As("dispatch-vehicles-area"))
            .Repartition(new Repartitioned<string, VehiclePosition>(Serdes.String, serdes.Vehicle, "dispatch-vehicles", 1))
            .MapValues(v => DispatchInput.Of(v), Named.As("dispatch-vehicles-input"));
        requests.Merge(vehicles, Named.As("dispatch-merge"))
            .Process(() => new DispatchProcessor(dispatch), Named.As("dispatch-decide"), VehicleStore, RequestStore)
            .To(options.Topics.DispatchOrders, Produced.With(Serdes.String, serdes.Order).WithName("dispatch-orders-sink"));
    }

}
