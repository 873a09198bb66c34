using System.Globalization;
using CsvHelper;
using pulse.vitals;
using Pulse.Host.Simulator.Internal.Csv;

namespace Pulse.Host.Vehicles;

/// <summary>
/// Reads a vehicle CSV file: a header with <c>vehicle_id,timestamp,latitude,longitude,status</c> (any order; status one of
/// AVAILABLE, DISPATCHED, ON_SCENE, TRANSPORTING, OUT_OF_SERVICE; timestamp as for readings). A bad row is reported with
/// its line number and skipped.
/// </summary>
internal static class VehicleCsv
{
    private static readonly string[] Required = ["vehicle_id", "timestamp", "latitude", "longitude", "status"];

    public static IEnumerable<(VehiclePosition? Position, long Line, string? Problem)> Read(string path)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',', HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true, SkipEmptyLines = true, DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Skip, FieldCountMismatch = CsvFieldCountHandling.Allow, FormatProvider = CultureInfo.InvariantCulture,
        };
        using var reader = CsvReader.FromFile(path, options);
        var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !headers.Contains(r)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{path}: the header lacks {string.Join(", ", missing)} (columns: {string.Join(",", Required)}).");
        var at = Required.ToDictionary(r => r, r => headers.IndexOf(r));
        while (reader.Read())
        {
            string Cell(string name) => at[name] < reader.FieldCount ? reader.GetString(at[name]) : "";
            var problems = new List<string>();
            var id = Cell("vehicle_id");
            if (id.Length == 0) problems.Add("vehicle_id is empty");
            if (!CsvCells.TryParseTimestamp(Cell("timestamp"), out var timestamp, out var problem)) problems.Add($"timestamp {problem}");
            var lat = Number(Cell("latitude"), "latitude", -90, 90, problems);
            var lon = Number(Cell("longitude"), "longitude", -180, 180, problems);
            if (!Enum.TryParse<VehicleStatus>(Cell("status"), ignoreCase: true, out var status) || !Enum.IsDefined(status))
                problems.Add($"status '{Cell("status")}' is not one of {string.Join(", ", Enum.GetNames<VehicleStatus>())}");
            if (problems.Count > 0)
            {
                yield return (null, reader.LineNumber, string.Join("; ", problems));
                continue;
            }
            yield return (new VehiclePosition
            {
                vehicle_id = id, timestamp = timestamp.UtcDateTime, latitude = lat, longitude = lon, status = status,
                available = status == VehicleStatus.AVAILABLE,
            }, reader.LineNumber, null);
        }
    }

    private static double Number(string text, string name, double min, double max, List<string> problems)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        problems.Add($"{name} '{text}' is not a number from {min} to {max}");
        return 0;
    }
}
