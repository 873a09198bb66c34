using System.Globalization;
using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>Makes the events of an order (<c>dispatch.orders</c>).</summary>
internal static class DispatchOrders
{
    public static DispatchOrder Assigned(DispatchRequest request, VehicleEntry vehicle, double distanceKm, long at, double speedKmh) => new()
    {
        order_id = request.OrderId, alert_id = request.EpisodeId, patient_id = request.PatientId, vehicle_id = vehicle.Id,
        timestamp = Time(at), patient_latitude = request.Latitude, patient_longitude = request.Longitude,
        distance_km = Math.Round(distanceKm, 3), reason = request.Message, status = DispatchStatus.ASSIGNED, sequence = request.Sequence,
        vehicle_latitude = vehicle.Latitude, vehicle_longitude = vehicle.Longitude,
        eta_seconds = (int)Math.Round(distanceKm / speedKmh * 3600),
    };

    public static DispatchOrder Waiting(DispatchRequest request, long at, DispatchOptions options) => Without(request, at,
        DispatchStatus.NO_VEHICLE, string.Create(CultureInfo.InvariantCulture,
            $"no AVAILABLE vehicle with a position of the last {options.FreshFor.TotalSeconds:0} s within {options.RadiusKm:0.##} km; the first to free up within it is sent"));

    public static DispatchOrder Cancelled(DispatchRequest request, long at) =>
        Without(request, at, DispatchStatus.CANCELLED, "the episode resolved before a vehicle was free");

    private static DispatchOrder Without(DispatchRequest request, long at, DispatchStatus status, string detail) => new()
    {
        order_id = request.OrderId, alert_id = request.EpisodeId, patient_id = request.PatientId, vehicle_id = null,
        timestamp = Time(at), patient_latitude = request.Latitude, patient_longitude = request.Longitude,
        reason = request.Message, status = status, sequence = request.Sequence, detail = detail,
    };

    private static DateTime Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
