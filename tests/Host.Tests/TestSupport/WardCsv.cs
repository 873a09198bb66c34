using System.Globalization;
using System.Text;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// A purpose-made CSV for the demo: three patients read every 15 s, all at the same instants, from
/// <see cref="Start"/> for four minutes (16 rounds), so every task's stream time is the same and the
/// windows that close are known: [06:00, 06:01), [06:01, 06:02), [06:02, 06:03) close once stream time
/// reaches their end + 10 s grace; [06:03, 06:04) stays open at the end of the file.
/// <list type="bullet">
/// <item>P-1 stays normal (NEWS2 0): no alert.</item>
/// <item>P-2 is normal until <see cref="Collapse"/>, then pulse 135, SpO2 88, systolic 88, respiration 26,
/// 39.5 °C and confused: NEWS2 3+3+3+3+2+3 = 17 from then on.</item>
/// <item>P-3 is normal but two of its rows are invalid: pulse 300 at 06:00:30, diastolic above systolic at 06:01:30.</item>
/// </list>
/// </summary>
internal static class WardCsv
{
    public static readonly DateTime Start = new(2026, 11, 23, 6, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime Collapse = Start.AddMinutes(1);

    public const int Rounds = 16;

    public const int ValidReadings = 3 * Rounds - 2;

    private const string Header = "patient_id,timestamp,heart_rate,spo2,systolic_bp,diastolic_bp,respiratory_rate,temperature,consciousness,on_oxygen";
    private const string Normal = "72,97,120,80,16,36.8,ALERT,false";
    private const string Collapsed = "135,88,88,60,26,39.5,CONFUSION,false";

    /// <summary>Writes the file to a new temp path, with <paramref name="extraLines"/> at its end; disposing it deletes the file.</summary>
    public static TempFile Write(params string[] extraLines)
    {
        var csv = new StringBuilder().AppendLine(Header);
        for (var round = 0; round < Rounds; round++)
        {
            var at = Start.AddSeconds(15 * round);
            var ts = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            csv.AppendLine(CultureInfo.InvariantCulture, $"P-1,{ts},{Normal}");
            csv.AppendLine(CultureInfo.InvariantCulture, $"P-2,{ts},{(at >= Collapse ? Collapsed : Normal)}");
            var p3 = round switch
            {
                2 => "300,97,120,80,16,36.8,ALERT,false",
                6 => "72,97,120,130,16,36.8,ALERT,false",
                _ => Normal,
            };
            csv.AppendLine(CultureInfo.InvariantCulture, $"P-3,{ts},{p3}");
        }
        foreach (var line in extraLines) csv.AppendLine(line);
        var file = new TempFile("pulse-demo-ward-", ".csv");
        File.WriteAllText(file.Path, csv.ToString());
        return file;
    }

    public static long Ms(DateTime at) => new DateTimeOffset(at).ToUnixTimeMilliseconds();
}
