using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>What the dispatch processor takes: an alert event of a critical or resolving episode, or a vehicle's position.</summary>
internal sealed class DispatchInput
{
    private DispatchInput(Alert? alert, VehiclePosition? vehicle) => (Alert, Vehicle) = (alert, vehicle);

    public Alert? Alert { get; }

    public VehiclePosition? Vehicle { get; }

    public static DispatchInput Of(Alert alert) => new(alert, null);

    public static DispatchInput Of(VehiclePosition vehicle) => new(null, vehicle);
}
