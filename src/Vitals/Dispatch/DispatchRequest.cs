using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// An episode's order as the dispatch stage keeps it (store <see cref="DispatchStage.RequestStore"/>, keyed by episode id):
/// once one exists, no further alert event of the episode makes another. Waiting while no vehicle is within the radius.
/// </summary>
internal sealed class DispatchRequest
{
    public required string EpisodeId { get; init; }
    public required string PatientId { get; init; }
    public double Latitude { get; init; }
    public double Longitude { get; init; }

    /// <summary>The event time of the alert that asked for a vehicle.</summary>
    public long RequestedAt { get; init; }

    public string Message { get; init; } = "";

    public DispatchStatus Status { get; set; }

    public string? VehicleId { get; set; }

    /// <summary>The number of the order's last event.</summary>
    public int Sequence { get; set; }

    public bool Waiting => Status == DispatchStatus.NO_VEHICLE;

    /// <summary>Where the patient is as a unit vector (<see cref="GreatCircle.Unit"/>), for measuring vehicles that come free.</summary>
    internal (double X, double Y, double Z) Unit => _unit ??= GreatCircle.Unit(Latitude, Longitude);

    private (double X, double Y, double Z)? _unit;

    /// <summary>The order's id: one per episode, the same for each of its events.</summary>
    public string OrderId => OrderIdOf(EpisodeId);

    public static string OrderIdOf(string episodeId) => episodeId + ":DISPATCH";
}
