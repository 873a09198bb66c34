using pulse.vitals;
using Pulse.Vitals.Dispatch;

namespace Pulse.Host.Vehicles;

/// <summary>
/// A simulated fleet: vehicles cruising between random points of a disc while AVAILABLE; sent to a patient by an ASSIGNED
/// order (DISPATCHED), ON_SCENE on arrival for a while, then AVAILABLE again. Moves in straight lines of latitude and
/// longitude at a constant speed (a simulation, not a road network). Not thread-safe: one caller.
/// </summary>
internal sealed class VehicleFleet
{
    private const double KmPerDegree = Math.PI * GreatCircle.EarthRadiusKm / 180;
    private readonly VehicleSimulatorPlan _plan;
    private readonly Random _random;
    private readonly List<SimulatedVehicle> _vehicles = [];
    private readonly Dictionary<string, SimulatedVehicle> _byId = new(StringComparer.Ordinal);

    public VehicleFleet(VehicleSimulatorPlan plan)
    {
        _plan = plan;
        _random = new Random(plan.Seed);
        var width = plan.Count >= 100 ? 3 : 2;
        for (var i = 1; i <= plan.Count; i++)
        {
            var (lat, lon) = RandomPoint();
            var vehicle = new SimulatedVehicle($"V-{i.ToString($"D{width}", System.Globalization.CultureInfo.InvariantCulture)}") { Latitude = lat, Longitude = lon };
            vehicle.Target = RandomPoint();
            _vehicles.Add(vehicle);
            _byId[vehicle.Id] = vehicle;
        }
    }

    public IReadOnlyList<SimulatedVehicle> Vehicles => _vehicles;

    /// <summary>Takes an order: an ASSIGNED one sends its vehicle (when it is one of this fleet) to the patient.</summary>
    public bool Take(DispatchOrder order)
    {
        if (order.status != DispatchStatus.ASSIGNED || order.vehicle_id is null || !_byId.TryGetValue(order.vehicle_id, out var vehicle)) return false;
        if (order.patient_latitude is not { } lat || order.patient_longitude is not { } lon) return false;
        vehicle.Status = VehicleStatus.DISPATCHED;
        vehicle.Target = (lat, lon);
        vehicle.OrderId = order.order_id;
        return true;
    }

    /// <summary>Moves every vehicle on by <paramref name="elapsed"/> to <paramref name="now"/>; returns their positions.</summary>
    public List<VehiclePosition> Step(DateTimeOffset now, TimeSpan elapsed)
    {
        var stepKm = _plan.SpeedKmh * elapsed.TotalHours;
        var positions = new List<VehiclePosition>(_vehicles.Count);
        foreach (var v in _vehicles)
        {
            switch (v.Status)
            {
                case VehicleStatus.AVAILABLE:
                    if (Move(v, stepKm)) v.Target = RandomPoint();
                    break;
                case VehicleStatus.DISPATCHED:
                    if (Move(v, stepKm)) (v.Status, v.FreeAt) = (VehicleStatus.ON_SCENE, now + _plan.OnSceneFor);
                    break;
                case VehicleStatus.ON_SCENE:
                    if (now >= v.FreeAt) (v.Status, v.Target, v.OrderId) = (VehicleStatus.AVAILABLE, RandomPoint(), null);
                    break;
            }
            positions.Add(new VehiclePosition
            {
                vehicle_id = v.Id, timestamp = now.UtcDateTime, latitude = Math.Round(v.Latitude, 6), longitude = Math.Round(v.Longitude, 6),
                status = v.Status, available = v.Status == VehicleStatus.AVAILABLE,
            });
        }
        return positions;
    }

    /// <summary>Moves <paramref name="v"/> up to <paramref name="km"/> towards its target; true once there.</summary>
    private static bool Move(SimulatedVehicle v, double km)
    {
        var left = GreatCircle.DistanceKm(v.Latitude, v.Longitude, v.Target.Latitude, v.Target.Longitude);
        if (left <= km)
        {
            (v.Latitude, v.Longitude) = v.Target;
            return true;
        }
        var f = km / left;
        v.Latitude += (v.Target.Latitude - v.Latitude) * f;
        v.Longitude += (v.Target.Longitude - v.Longitude) * f;
        return false;
    }

    /// <summary>A point uniform over the disc of the plan's radius around its centre.</summary>
    private (double Latitude, double Longitude) RandomPoint()
    {
        var r = _plan.RadiusKm * Math.Sqrt(_random.NextDouble());
        var θ = 2 * Math.PI * _random.NextDouble();
        var lat = _plan.Latitude + r * Math.Cos(θ) / KmPerDegree;
        var lon = _plan.Longitude + r * Math.Sin(θ) / (KmPerDegree * Math.Max(0.01, Math.Cos(_plan.Latitude * Math.PI / 180)));
        return (Math.Clamp(lat, -90, 90), ((lon + 540) % 360) - 180);
    }
}

/// <summary>One vehicle of a <see cref="VehicleFleet"/>.</summary>
internal sealed class SimulatedVehicle(string id)
{
    public string Id { get; } = id;
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public VehicleStatus Status { get; set; } = VehicleStatus.AVAILABLE;
    public (double Latitude, double Longitude) Target { get; set; }
    public DateTimeOffset FreeAt { get; set; }
    public string? OrderId { get; set; }
}
