using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// A vehicle as the dispatch stage knows it: its latest position and reported status, and the order it is reserved for
/// (from the assignment until it reports AVAILABLE with a later timestamp). Kept in the store <see cref="DispatchStage.VehicleStore"/>.
/// </summary>
internal sealed class VehicleEntry
{
    public required string Id { get; init; }
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }

    /// <summary>Where it is as a unit vector (<see cref="GreatCircle.Unit"/>), for the nearest search.</summary>
    internal (double X, double Y, double Z) Unit { get; private set; }
    public long Timestamp { get; set; } = long.MinValue;
    public VehicleStatus Status { get; set; }

    /// <summary>The order it was assigned to and has not been released from (by a later AVAILABLE report), or null.</summary>
    public string? ReservedFor { get; set; }

    /// <summary>The event time of that assignment.</summary>
    public long ReservedAt { get; set; }

    /// <summary>The grid cell it is indexed under while dispatchable (<see cref="VehicleGrid"/>), or null.</summary>
    internal long? Cell { get; set; }

    /// <summary>Free to take an order: reports AVAILABLE and is reserved for none.</summary>
    public bool Dispatchable => Status == VehicleStatus.AVAILABLE && ReservedFor is null;

    /// <summary>The status a position reports: its status, or for a record of the first schema version, its available flag.</summary>
    public static VehicleStatus StatusOf(VehiclePosition position) =>
        position.status ?? (position.available ? VehicleStatus.AVAILABLE : VehicleStatus.OUT_OF_SERVICE);

    /// <summary>
    /// Takes a position report: a newer one moves the vehicle and sets its status; an AVAILABLE report stamped after the
    /// reservation releases it. An older report changes nothing. True when something changed.
    /// </summary>
    public bool Take(VehicleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Timestamp < Timestamp) return false;
        MoveTo(report.Latitude, report.Longitude);
        (Timestamp, Status) = (report.Timestamp, report.Status);
        if (ReservedFor is not null && Status == VehicleStatus.AVAILABLE && Timestamp > ReservedAt) ReservedFor = null;
        return true;
    }

    /// <summary>Sets where the vehicle is.</summary>
    public void MoveTo(double latitude, double longitude)
    {
        (Latitude, Longitude) = (latitude, longitude);
        Unit = GreatCircle.Unit(latitude, longitude);
    }

    internal static long Millis(VehiclePosition position) =>
        new DateTimeOffset(DateTime.SpecifyKind(position.timestamp, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
