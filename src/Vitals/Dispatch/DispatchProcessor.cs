using pulse.vitals;
using Pulse.Streams.Processor;
using Pulse.Streams.State;
using Pulse.Vitals.Alerts;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// The single writer of every vehicle's assignment (its task reads one partition: docs/DISPATCH.md). A critical alert
/// episode with a location gets the nearest dispatchable vehicle with a fresh position within the radius, reserved at once
/// (ASSIGNED), or, when there is none, an order that waits (NO_VEHICLE) for the first vehicle that becomes dispatchable within
/// the radius. One order per episode, whatever else the episode sends; a waiting order is CANCELLED when its episode resolves.
/// Vehicles and orders live in two stores, and in memory (a grid of the dispatchable vehicles, the waiting orders) loaded
/// from them before the first record.
/// </summary>
internal sealed class DispatchProcessor(DispatchOptions options) : IProcessor<string, DispatchInput, string, DispatchOrder>
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);
    private static readonly long KeepClosedMs = (long)TimeSpan.FromDays(7).TotalMilliseconds;
    private readonly long _freshMs = (long)options.FreshFor.TotalMilliseconds;
    private readonly double _within = GreatCircle.ChordSquaredFromKm(options.RadiusKm);
    private readonly Dictionary<string, VehicleEntry> _vehicles = new(StringComparer.Ordinal);
    private readonly List<DispatchRequest> _waiting = [];
    private readonly VehicleGrid _grid = new(options.RadiusKm);
    private IProcessorContext<string, DispatchOrder> _context = null!;
    private IKeyValueStore<string, VehicleEntry> _vehicleStore = null!;
    private IKeyValueStore<string, DispatchRequest> _requestStore = null!;
    private bool _loaded;
    private long _latest = long.MinValue;

    public void Init(IProcessorContext<string, DispatchOrder> context)
    {
        _context = context;
        _vehicleStore = context.GetStateStore<IKeyValueStore<string, VehicleEntry>>(DispatchStage.VehicleStore);
        _requestStore = context.GetStateStore<IKeyValueStore<string, DispatchRequest>>(DispatchStage.RequestStore);
        context.Schedule(PurgeInterval, PunctuationType.WallClockTime, _ => PurgeClosed());
    }

    public void Process(Record<string, DispatchInput> record)
    {
        Load();
        _latest = Math.Max(_latest, record.Timestamp);
        if (record.Value?.Vehicle is { } report) OnVehicle(report, record.Timestamp);
        else if (record.Value?.Call is { } call) OnCall(call, record.Timestamp);
    }

    private void OnCall(DispatchCall call, long at)
    {
        var known = _requestStore.Get(call.EpisodeId);
        if (call.Resolved)
        {
            if (known is not { Waiting: true }) return;
            known.Status = DispatchStatus.CANCELLED;
            known.Sequence++;
            _waiting.Remove(_waiting.Find(r => r.EpisodeId == known.EpisodeId)!);
            _requestStore.Put(known.EpisodeId, known);
            Emit(DispatchOrders.Cancelled(known, at));
            return;
        }
        if (known is not null || !GreatCircle.IsValid(call.Latitude, call.Longitude)) return;
        var request = new DispatchRequest
        {
            EpisodeId = call.EpisodeId, PatientId = call.PatientId, Latitude = call.Latitude!.Value, Longitude = call.Longitude!.Value, RequestedAt = at,
            Message = call.Message,
        };
        if (_grid.Nearest(request.Latitude, request.Longitude, at - _freshMs) is var (vehicle, km))
        {
            Assign(request, vehicle, km, at);
            return;
        }
        request.Status = DispatchStatus.NO_VEHICLE;
        _waiting.Add(request);
        _requestStore.Put(request.EpisodeId, request);
        Emit(DispatchOrders.Waiting(request, at, options));
    }

    private void OnVehicle(VehicleReport report, long at)
    {
        if (report.VehicleId.Length == 0 || !GreatCircle.IsValid(report.Latitude, report.Longitude)) return;
        if (!_vehicles.TryGetValue(report.VehicleId, out var vehicle)) _vehicles[report.VehicleId] = vehicle = new VehicleEntry { Id = report.VehicleId };
        if (!vehicle.Take(report)) return;
        _grid.Update(vehicle);
        _vehicleStore.Put(vehicle.Id, vehicle);
        if (!vehicle.Dispatchable || _waiting.Count == 0) return;
        // The patient who has waited longest within the radius gets the vehicle that has just become free (or come near).
        var (vx, vy, vz) = vehicle.Unit;
        foreach (var request in _waiting)
        {
            var (dx, dy, dz) = (request.Unit.X - vx, request.Unit.Y - vy, request.Unit.Z - vz);
            var chord2 = dx * dx + dy * dy + dz * dz;
            if (chord2 > _within) continue;
            _waiting.Remove(request);
            request.Sequence++;
            Assign(request, vehicle, GreatCircle.KmFromChordSquared(chord2), Math.Max(at, request.RequestedAt));
            return;
        }
    }

    private void Assign(DispatchRequest request, VehicleEntry vehicle, double km, long at)
    {
        request.Status = DispatchStatus.ASSIGNED;
        request.VehicleId = vehicle.Id;
        vehicle.ReservedFor = request.OrderId;
        vehicle.ReservedAt = Math.Max(at, vehicle.Timestamp);
        _grid.Update(vehicle);
        _vehicleStore.Put(vehicle.Id, vehicle);
        _requestStore.Put(request.EpisodeId, request);
        Emit(DispatchOrders.Assigned(request, vehicle, km, at, options.SpeedKmh));
    }

    private void Emit(DispatchOrder order) =>
        _context.Forward(new Record<string, DispatchOrder>(order.patient_id, order, new DateTimeOffset(order.timestamp, TimeSpan.Zero).ToUnixTimeMilliseconds()));

    /// <summary>The stores into memory, once, before the first record (after a restore, they hold what the changelog held).</summary>
    private void Load()
    {
        if (_loaded) return;
        _loaded = true;
        foreach (var (id, vehicle) in _vehicleStore.All())
        {
            if (vehicle is null) continue;
            _vehicles[id] = vehicle;
            _grid.Update(vehicle);
        }
        foreach (var (_, request) in _requestStore.All())
            if (request is { Waiting: true }) _waiting.Add(request);
        _waiting.Sort((a, b) => a.RequestedAt != b.RequestedAt ? a.RequestedAt.CompareTo(b.RequestedAt) : string.CompareOrdinal(a.EpisodeId, b.EpisodeId));
    }

    /// <summary>Forgets orders that no longer wait a week (of event time) after they were made: an episode's alerts end long before.</summary>
    private void PurgeClosed()
    {
        if (_latest == long.MinValue) return;
        var old = new List<string>();
        foreach (var (id, request) in _requestStore.All())
            if (request is { Waiting: false } && request.RequestedAt < _latest - KeepClosedMs) old.Add(id);
        foreach (var id in old) _requestStore.Put(id, null!);
    }
}
