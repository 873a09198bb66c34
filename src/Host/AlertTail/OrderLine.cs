using System.Globalization;
using System.Text;
using System.Text.Json;
using pulse.vitals;

namespace Pulse.Host.AlertTail;

/// <summary>
/// One dispatch order event as <c>pulse alerts</c> prints it: a line of text beside the alert lines (time, patient,
/// ORDER, status, vehicle, distance and ETA or why there is none, the alert's message) or a JSON object.
/// </summary>
internal static class OrderLine
{
    /// <summary><c>2026-11-23T08:00:10.000Z  P-0007  ORDER  ASSIGNED  V-03  1.2 km, ETA 1 min 48 s  Patient P-0007: NEWS2 9 (high risk)</c></summary>
    public static string Text(DispatchOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var what = order.status == DispatchStatus.ASSIGNED
            ? string.Create(CultureInfo.InvariantCulture, $"{order.vehicle_id}  {order.distance_km:0.0} km, ETA {Eta(order.eta_seconds)}")
            : order.detail ?? "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Time(order.timestamp)}  {order.patient_id,-12}  {"ORDER",-12}  {order.status,-10}  {what}  {order.reason}");
    }

    /// <summary>One JSON object on one line; <paramref name="topic"/>, <paramref name="partition"/> and <paramref name="offset"/> say where it was read.</summary>
    public static string Json(DispatchOrder order, string topic, int partition, long offset)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("topic", topic);
            json.WriteNumber("partition", partition);
            json.WriteNumber("offset", offset);
            json.WriteString("order_id", order.order_id);
            json.WriteNumber("sequence", order.sequence);
            json.WriteString("status", order.status.ToString());
            json.WriteString("episode_id", order.alert_id);
            json.WriteString("patient_id", order.patient_id);
            json.WriteString("vehicle_id", order.vehicle_id);
            json.WriteString("timestamp", Time(order.timestamp));
            Number(json, "patient_latitude", order.patient_latitude);
            Number(json, "patient_longitude", order.patient_longitude);
            Number(json, "vehicle_latitude", order.vehicle_latitude);
            Number(json, "vehicle_longitude", order.vehicle_longitude);
            Number(json, "distance_km", order.distance_km);
            if (order.eta_seconds is { } eta) json.WriteNumber("eta_seconds", eta);
            else json.WriteNull("eta_seconds");
            json.WriteString("reason", order.reason);
            json.WriteString("detail", order.detail);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Eta(int? seconds) => seconds is not { } s ? "?" : s < 60 ? $"{s} s" : $"{s / 60} min {s % 60} s";

    private static string Time(DateTime time) => AlertLine.Time(time);

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
