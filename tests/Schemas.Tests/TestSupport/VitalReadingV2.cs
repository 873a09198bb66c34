namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>
/// A later VitalReading, written by hand: every field of avro/VitalReading.avsc plus a pain score
/// (optional, default null) and a ward (default "unassigned"). Both new fields have defaults, so the
/// change is compatible both ways: old readers skip them, new readers fill them in for old data.
/// </summary>
public static class VitalReadingV2
{
    public const string Text = """
        {
          "type": "record", "name": "VitalReading", "namespace": "pulse.vitals",
          "fields": [
            {"name": "patient_id", "type": "string"},
            {"name": "device_id", "type": ["null", "string"], "default": null},
            {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "heart_rate", "type": ["null", "int"], "default": null},
            {"name": "spo2", "type": ["null", "int"], "default": null},
            {"name": "systolic_bp", "type": ["null", "int"], "default": null},
            {"name": "diastolic_bp", "type": ["null", "int"], "default": null},
            {"name": "respiratory_rate", "type": ["null", "int"], "default": null},
            {"name": "temperature", "type": ["null", "double"], "default": null},
            {"name": "glucose", "type": ["null", "double"], "default": null},
            {"name": "consciousness", "type": ["null", {"type": "enum", "name": "Consciousness",
              "symbols": ["ALERT", "CONFUSION", "VOICE", "PAIN", "UNRESPONSIVE"]}], "default": null},
            {"name": "on_oxygen", "type": ["null", "boolean"], "default": null},
            {"name": "latitude", "type": ["null", "double"], "default": null},
            {"name": "longitude", "type": ["null", "double"], "default": null},
            {"name": "pain_score", "type": ["null", "int"], "default": null},
            {"name": "ward", "type": "string", "default": "unassigned"}
          ]
        }
        """;

    public static Avro.RecordSchema Schema { get; } = (Avro.RecordSchema)Avro.Schema.Parse(Text);

    /// <summary>The schema text with one field's JSON replaced, for incompatible variants.</summary>
    public static string With(string field, string replacement)
    {
        Assert.Contains(field, Text, StringComparison.Ordinal);
        return Text.Replace(field, replacement, StringComparison.Ordinal);
    }
}
