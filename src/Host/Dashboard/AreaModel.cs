using pulse.vitals;

namespace Pulse.Host.Dashboard;

/// <summary>
/// The area as the dashboard knows it: every vehicle's latest position and status, and every order's latest event, fed by
/// <see cref="WardFeed"/> and read whole (<see cref="Snapshot"/>) or as the changes since the last push (<see cref="TakeChanges"/>).
/// Orders that ended (assigned or cancelled) more than <see cref="KeepEndedFor"/> ago leave it. Thread-safe.
/// </summary>
internal sealed class AreaModel(TimeProvider time)
{
    /// <summary>How long an assigned or cancelled order stays on the area view.</summary>
    public static readonly TimeSpan KeepEndedFor = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, VehicleView> _vehicles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderView> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VehicleView> _changedVehicles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderView> _changedOrders = new(StringComparer.Ordinal);

    public void Add(VehiclePosition position)
    {
        if (position?.vehicle_id is null || !double.IsFinite(position.latitude) || !double.IsFinite(position.longitude)) return;
        var view = new VehicleView(position.vehicle_id, position.latitude, position.longitude,
            (position.status ?? (position.available ? VehicleStatus.AVAILABLE : VehicleStatus.OUT_OF_SERVICE)).ToString(), Ms(position.timestamp));
        lock (_gate)
        {
            if (_vehicles.TryGetValue(view.VehicleId, out var known) && known.Ts > view.Ts) return;
            _vehicles[view.VehicleId] = view;
            _changedVehicles[view.VehicleId] = view;
        }
    }

    public void Add(DispatchOrder order)
    {
        if (order?.order_id is null) return;
        var view = new OrderView(order.order_id, order.alert_id, order.patient_id, order.vehicle_id, order.status.ToString(), order.sequence, Ms(order.timestamp),
            order.patient_latitude, order.patient_longitude, order.vehicle_latitude, order.vehicle_longitude, order.distance_km, order.eta_seconds,
            order.reason, order.detail);
        lock (_gate)
        {
            if (_orders.TryGetValue(view.OrderId, out var known) && known.Sequence > view.Sequence) return;
            _orders[view.OrderId] = view;
            _changedOrders[view.OrderId] = view;
        }
    }

    public AreaSnapshot Snapshot()
    {
        lock (_gate)
        {
            Forget();
            return new AreaSnapshot(time.GetUtcNow().ToUnixTimeMilliseconds(), [.. _vehicles.Values], [.. _orders.Values]);
        }
    }

    public (IReadOnlyList<VehicleView> Vehicles, IReadOnlyList<OrderView> Orders)? TakeChanges()
    {
        lock (_gate)
        {
            if (_changedVehicles.Count == 0 && _changedOrders.Count == 0) return null;
            var changes = (_changedVehicles.Values.ToList(), _changedOrders.Values.ToList());
            _changedVehicles.Clear();
            _changedOrders.Clear();
            return changes;
        }
    }

    /// <summary>Drops ended orders older than <see cref="KeepEndedFor"/> of the newest order's time.</summary>
    private void Forget()
    {
        if (_orders.Count == 0) return;
        var horizon = _orders.Values.Max(o => o.Ts) - (long)KeepEndedFor.TotalMilliseconds;
        foreach (var id in _orders.Values.Where(o => o.Status != nameof(DispatchStatus.NO_VEHICLE) && o.Ts < horizon).Select(o => o.OrderId).ToList())
            _orders.Remove(id);
    }

    private static long Ms(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}

/// <summary>A vehicle on the area view.</summary>
public sealed record VehicleView(string VehicleId, double Latitude, double Longitude, string Status, long Ts);

/// <summary>An order's latest event on the area view (times in ms).</summary>
public sealed record OrderView(
    string OrderId, string EpisodeId, string PatientId, string? VehicleId, string Status, int Sequence, long Ts, double? PatientLatitude, double? PatientLongitude,
    double? VehicleLatitude, double? VehicleLongitude, double? DistanceKm, int? EtaSeconds, string Reason, string? Detail);

/// <summary>The whole area: what the area page loads first.</summary>
public sealed record AreaSnapshot(long ServerTime, IReadOnlyList<VehicleView> Vehicles, IReadOnlyList<OrderView> Orders);
