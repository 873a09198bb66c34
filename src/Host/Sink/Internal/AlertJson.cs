using System.Globalization;
using System.Text;
using System.Text.Json;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary>The JSON the <c>alerts</c> table keeps of an event's findings and numbers: keys in order, so equal events give equal text.</summary>
internal static class AlertJson
{
    /// <summary><c>[{"rule": "NEWS2", "vital": null, "severity": "CRITICAL", "since": "…", "confirmed_at": "…", "values": {…}, "message": "…"}, …]</c></summary>
    public static string Findings(IEnumerable<AlertFinding>? findings) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var f in findings ?? [])
        {
            json.WriteStartObject();
            json.WriteString("rule", f.rule);
            if (f.vital is null) json.WriteNull("vital");
            else json.WriteString("vital", f.vital);
            json.WriteString("severity", f.severity.ToString());
            json.WriteString("since", Utc(f.since));
            json.WriteString("confirmed_at", Utc(f.confirmed_at));
            json.WritePropertyName("values");
            WriteNumbers(json, f.values);
            json.WriteString("message", f.message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary>A map of numbers as a JSON object.</summary>
    public static string Numbers(IDictionary<string, double>? values) => Write(json => WriteNumbers(json, values));

    /// <summary>Writes a map of numbers as an object, keys in ordinal order; a value that is not finite as a string.</summary>
    public static void WriteNumbers(Utf8JsonWriter json, IDictionary<string, double>? values)
    {
        json.WriteStartObject();
        foreach (var (name, value) in (values ?? new Dictionary<string, double>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (double.IsFinite(value)) json.WriteNumber(name, value);
            else json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
        json.WriteEndObject();
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) body(json);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
