using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// What the dispatch processor takes, in the small form its internal topics carry (<see cref="DispatchInputSerde"/>): a call
/// for a vehicle (a critical episode's alert event) or its end (the episode resolved), or a vehicle's report. Only the fields
/// the decision reads cross the repartition, not the whole alert.
/// </summary>
internal sealed class DispatchInput
{
    public DispatchCall? Call { get; init; }

    public VehicleReport? Vehicle { get; init; }

    public static DispatchInput Of(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new() { Call = new(alert.alert_id, alert.patient_id, alert.state == AlertState.RESOLVED, alert.latitude, alert.longitude, alert.message ?? "") };
    }

    public static DispatchInput Of(VehiclePosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new() { Vehicle = new(position.vehicle_id ?? "", position.latitude, position.longitude, VehicleEntry.Millis(position), VehicleEntry.StatusOf(position)) };
    }
}

/// <summary>A critical episode asking for a vehicle, or (<paramref name="Resolved"/>) its end.</summary>
internal sealed record DispatchCall(string EpisodeId, string PatientId, bool Resolved, double? Latitude, double? Longitude, string Message);

/// <summary>A vehicle's position and status at an event time (ms).</summary>
internal sealed record VehicleReport(string VehicleId, double Latitude, double Longitude, long Timestamp, VehicleStatus Status);
