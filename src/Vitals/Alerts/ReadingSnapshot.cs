using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>What an alert event says of the patient's latest reading: NEWS2, position, and the vitals by field name.</summary>
internal sealed class ReadingSnapshot
{
    public int? News2 { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public Dictionary<string, double> Vitals { get; init; } = [];

    public static ReadingSnapshot Of(EnrichedReading enriched)
    {
        var reading = enriched.reading;
        var vitals = new Dictionary<string, double>(10, StringComparer.Ordinal);
        for (var i = 0; i < VitalFields.Count; i++)
            if (VitalFields.Value(reading, (Vital)i) is { } value) vitals[VitalFields.Name((Vital)i)] = value;
        if (reading.diastolic_bp is { } diastolic) vitals["diastolic_bp"] = diastolic;
        if (reading.on_oxygen is { } oxygen) vitals["on_oxygen"] = oxygen ? 1 : 0;
        return new ReadingSnapshot { News2 = enriched.news2_score, Latitude = reading.latitude, Longitude = reading.longitude, Vitals = vitals };
    }

    public void Write(AlertStateWriter writer)
    {
        writer.Int(News2 ?? -1);
        writer.Double(Latitude ?? double.NaN);
        writer.Double(Longitude ?? double.NaN);
        writer.Varint((ulong)Vitals.Count);
        foreach (var (name, value) in Vitals)
        {
            writer.String(name);
            writer.Double(value);
        }
    }

    public static ReadingSnapshot Read(ref AlertStateReader reader)
    {
        var news2 = reader.Int();
        var (latitude, longitude) = (reader.Double(), reader.Double());
        var count = reader.Count();
        var vitals = new Dictionary<string, double>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++) vitals[reader.String()] = reader.Double();
        return new ReadingSnapshot
        {
            News2 = news2 < 0 ? null : news2,
            Latitude = double.IsNaN(latitude) ? null : latitude,
            Longitude = double.IsNaN(longitude) ? null : longitude,
            Vitals = vitals,
        };
    }
}
