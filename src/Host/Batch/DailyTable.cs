using System.Globalization;
using System.Text;

namespace Pulse.Host.Batch;

/// <summary>The daily figures as a plain-text table: one line per patient, highest NEWS2 first.</summary>
internal static class DailyTable
{
    public static string Render(IReadOnlyList<DailyRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"patient",-12} {"readings",8}  {"HR min/mean/max",17}  {"SpO2 min/mean/max",17}  {"RR mean",7}  {"NEWS2 max",9}  {"time high",9}  {"time medium",11}");
        foreach (var r in rows.OrderByDescending(r => r.News2Max).ThenBy(r => r.PatientId, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.PatientId,-12} {r.ReadingCount,8:N0}  {Triple(r, "heart_rate"),17}  {Triple(r, "spo2"),17}  {Number(r.Vitals["respiratory_rate_avg"]),7}  {r.News2Max,9}  {Duration(r.SecondsByRisk["HIGH"]),9}  {Duration(r.SecondsByRisk["MEDIUM"]),11}");
        return text.ToString().TrimEnd();
    }

    private static string Triple(DailyRow r, string vital) =>
        $"{Number(r.Vitals[vital + "_min"])}/{Number(r.Vitals[vital + "_avg"])}/{Number(r.Vitals[vital + "_max"])}";

    private static string Number(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "–";

    private static string Duration(double seconds) => TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
