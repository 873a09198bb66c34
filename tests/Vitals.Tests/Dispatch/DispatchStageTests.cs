using pulse.vitals;
using Pulse.Vitals.Dispatch;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests.Dispatch;

/// <summary>Which vehicle a critical episode gets, through the driver: nearest, fresh, available, within the radius, once.</summary>
public class DispatchStageTests
{
    // Central London; 0.01° of latitude is 1.11 km.
    private const double Lat = 51.5;
    private const double Lon = -0.12;

    [Fact]
    public void CriticalEpisode_SeveralVehicles_NearestIsAssignedWithDistanceAndEta()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-far", Lat + 0.03, Lon, 0).Vehicle("V-near", Lat + 0.01, Lon, 0).Vehicle("V-mid", Lat - 0.02, Lon, 0);

        h.Alert("P-1", Lat, Lon, 10);

        var order = Assert.Single(h.Orders());
        Assert.Equal(DispatchStatus.ASSIGNED, order.status);
        Assert.Equal("V-near", order.vehicle_id);
        Assert.Equal("P-1:CLINICAL:0:DISPATCH", order.order_id);
        Assert.Equal("P-1:CLINICAL:0", order.alert_id);
        Assert.Equal(1.112, order.distance_km!.Value, 2);
        Assert.Equal(100, order.eta_seconds); // 1.112 km at 40 km/h
        Assert.Equal(Lat + 0.01, order.vehicle_latitude);
        Assert.Equal(Lat, order.patient_latitude);
        Assert.Equal(0, order.sequence);
        Assert.Contains("NEWS2 9", order.reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EqualDistances_LowestVehicleIdWins()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-b", Lat + 0.01, Lon, 0).Vehicle("V-a", Lat - 0.01, Lon, 0).Vehicle("V-c", Lat + 0.01, Lon, 0);

        h.Alert("P-1", Lat, Lon, 5);

        Assert.Equal("V-a", Assert.Single(h.Orders()).vehicle_id);
    }

    [Fact]
    public void StaleOrUnavailableVehicles_AreSkipped()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-stale", Lat + 0.001, Lon, 0)                                       // 61 s old when the alert comes
         .Vehicle("V-busy", Lat + 0.002, Lon, 50, VehicleStatus.TRANSPORTING)
         .Vehicle("V-off", Lat + 0.003, Lon, 50, VehicleStatus.OUT_OF_SERVICE)
         .Vehicle("V-ok", Lat + 0.02, Lon, 50);

        h.Alert("P-1", Lat, Lon, 61);

        Assert.Equal("V-ok", Assert.Single(h.Orders()).vehicle_id);
    }

    [Fact]
    public void NoVehicleWithinRadius_WaitsThenTheFirstToFreeUpWithinItIsAssigned()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-out", Lat + 0.1, Lon, 0);                                          // 11 km away
        h.Alert("P-1", Lat, Lon, 10);

        var waiting = Assert.Single(h.Orders());
        Assert.Equal(DispatchStatus.NO_VEHICLE, waiting.status);
        Assert.Null(waiting.vehicle_id);
        Assert.Contains("within 5 km", waiting.detail, StringComparison.Ordinal);

        h.Vehicle("V-out", Lat + 0.08, Lon, 20);                                        // still outside: nothing
        h.Vehicle("V-busy", Lat + 0.01, Lon, 25, VehicleStatus.ON_SCENE);               // inside, but busy: nothing
        Assert.Empty(h.Orders());

        h.Vehicle("V-busy", Lat + 0.01, Lon, 40);                                       // free: assigned
        var assigned = Assert.Single(h.Orders());
        Assert.Equal(DispatchStatus.ASSIGNED, assigned.status);
        Assert.Equal("V-busy", assigned.vehicle_id);
        Assert.Equal(waiting.order_id, assigned.order_id);
        Assert.Equal(1, assigned.sequence);
        Assert.Equal(DispatchHarness.At(40), assigned.timestamp);
    }

    [Fact]
    public void TwoPatientsOneVehicle_OneOrderTheOtherWaitsUntilItIsReleasedLater()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-1", Lat, Lon + 0.01, 0);

        h.Alert("P-1", Lat, Lon, 10).Alert("P-2", Lat + 0.005, Lon, 11);

        var orders = h.Orders();
        Assert.Equal(2, orders.Count);
        Assert.Equal(("P-1", DispatchStatus.ASSIGNED, "V-1"), (orders[0].patient_id, orders[0].status, orders[0].vehicle_id));
        Assert.Equal(("P-2", DispatchStatus.NO_VEHICLE), (orders[1].patient_id, orders[1].status));

        h.Vehicle("V-1", Lat, Lon, 9);                                                  // a late AVAILABLE report from before the order: still reserved
        h.Vehicle("V-1", Lat, Lon, 30, VehicleStatus.ON_SCENE);
        Assert.Empty(h.Orders());

        h.Vehicle("V-1", Lat, Lon, 600);                                                // released: the waiting patient gets it
        var second = Assert.Single(h.Orders());
        Assert.Equal(("P-2", DispatchStatus.ASSIGNED, "V-1"), (second.patient_id, second.status, second.vehicle_id));
    }

    [Fact]
    public void OneEpisode_RemindedUpdatedAndEscalatedAgain_GetsOneOrder()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-1", Lat, Lon + 0.01, 0).Vehicle("V-2", Lat, Lon + 0.02, 0);

        h.Alert("P-1", Lat, Lon, 10)
         .Alert("P-1", Lat, Lon, 20, AlertState.UPDATED)
         .Alert("P-1", Lat, Lon, 30, AlertState.REMINDED)
         .Alert("P-1", Lat, Lon, 40, AlertState.ESCALATED)
         .Alert("P-1", Lat, Lon, 10);                                                   // the first event again, as after a crash

        Assert.Equal("V-1", Assert.Single(h.Orders()).vehicle_id);
    }

    [Fact]
    public void WarningEpisodeOrNoLocation_NoOrder()
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-1", Lat, Lon + 0.01, 0);

        h.Alert("P-1", Lat, Lon, 10, severity: AlertSeverity.WARNING);
        h.Alert("P-2", double.NaN, Lon, 10);

        Assert.Empty(h.Orders());
    }

    [Fact]
    public void WaitingEpisodeResolves_OrderCancelledAndVehicleStaysFree()
    {
        using var h = new DispatchHarness();
        h.Alert("P-1", Lat, Lon, 10);
        Assert.Equal(DispatchStatus.NO_VEHICLE, Assert.Single(h.Orders()).status);

        h.Alert("P-1", Lat, Lon, 20, AlertState.RESOLVED);
        var cancelled = Assert.Single(h.Orders());
        Assert.Equal((DispatchStatus.CANCELLED, 1), (cancelled.status, cancelled.sequence));

        h.Vehicle("V-1", Lat, Lon + 0.01, 30);
        h.Alert("P-2", Lat, Lon, 31, episode: "P-2:CLINICAL:31");
        var next = Assert.Single(h.Orders());
        Assert.Equal(("P-2", "V-1", DispatchStatus.ASSIGNED), (next.patient_id, next.vehicle_id, next.status));
    }

    [Fact]
    public void Restart_StateRestoredFromTheChangelog_KeepsReservationsAndOrders()
    {
        List<(string Topic, string Key, byte[]? Value)> changelog;
        using (var before = new DispatchHarness())
        {
            before.Vehicle("V-1", Lat, Lon + 0.01, 0).Alert("P-1", Lat, Lon, 10);
            Assert.Equal("V-1", Assert.Single(before.Orders()).vehicle_id);
            before.Driver.Commit();
            changelog = [.. new[] { DispatchStage.VehicleStore, DispatchStage.RequestStore }.SelectMany(store =>
                before.Driver.CreateOutputTopic($"dispatch-{store}-changelog", Pulse.Streams.Serialization.Serdes.String, Pulse.Streams.Serialization.Serdes.ByteArray)
                    .ReadRecordsToList().Select(r => (store, r.Key!, r.Value)))];
        }
        Assert.NotEmpty(changelog);

        using var after = new DispatchHarness();
        var serde = DispatchStateSerde.Instance;
        foreach (var (store, key, value) in changelog)
        {
            if (store == DispatchStage.VehicleStore)
                after.Driver.GetKeyValueStore<string, VehicleEntry>(store).Put(key, value is null ? null! : ((Confluent.Kafka.IDeserializer<VehicleEntry>)serde).Deserialize(value, false, default));
            else
                after.Driver.GetKeyValueStore<string, DispatchRequest>(store).Put(key, value is null ? null! : ((Confluent.Kafka.IDeserializer<DispatchRequest>)serde).Deserialize(value, false, default));
        }

        after.Alert("P-1", Lat, Lon, 10);                                               // replayed: no second order
        after.Alert("P-2", Lat, Lon, 20, episode: "P-2:CLINICAL:20");                   // V-1 is still reserved
        var order = Assert.Single(after.Orders());
        Assert.Equal(("P-2", DispatchStatus.NO_VEHICLE), (order.patient_id, order.status));
    }

    [Theory]
    [InlineData(0, 179.995, 0, -179.995)]                                               // across the antimeridian
    [InlineData(89.995, 0, 89.995, 180)]                                                // across the North Pole
    [InlineData(-89.995, 90, -89.995, -90)]                                             // across the South Pole
    public void VehicleAcrossTheAntimeridianOrAPole_IsFoundAtItsTrueDistance(double patientLat, double patientLon, double vehicleLat, double vehicleLon)
    {
        using var h = new DispatchHarness();
        h.Vehicle("V-1", vehicleLat, vehicleLon, 0);

        h.Alert("P-1", patientLat, patientLon, 5);

        var order = Assert.Single(h.Orders());
        Assert.Equal("V-1", order.vehicle_id);
        Assert.Equal(1.112, order.distance_km!.Value, 2);                               // 0.01° of a great circle
    }

    [Fact]
    public void VehicleState_RoundTripsThroughItsSerde_WithLongIdsAndReservations()
    {
        var serde = DispatchStateSerde.Instance;
        var vehicle = new VehicleEntry { Id = "ambulance-" + new string('é', 100), ReservedFor = "P-1:CLINICAL:0:DISPATCH", ReservedAt = 42, Status = VehicleStatus.DISPATCHED, Timestamp = 7 };
        vehicle.MoveTo(-33.86, 151.21);

        var back = ((Confluent.Kafka.IDeserializer<VehicleEntry>)serde).Deserialize(serde.Serialize(vehicle, default), false, default);

        Assert.Equal((vehicle.Id, -33.86, 151.21, 7L, VehicleStatus.DISPATCHED, "P-1:CLINICAL:0:DISPATCH", 42L),
            (back.Id, back.Latitude, back.Longitude, back.Timestamp, back.Status, back.ReservedFor, back.ReservedAt));
        Assert.Equal(vehicle.Unit, back.Unit);
    }
}
