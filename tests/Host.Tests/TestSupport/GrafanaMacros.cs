using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// What Grafana's PostgreSQL data source does to a panel's SQL before sending it: its macros (<c>$__timeFilter(col)</c>,
/// <c>$__timeFrom()</c>, <c>$__timeTo()</c>, <c>$__time(col)</c>, <c>$__timeGroup(col, 'interval')</c>,
/// <c>$__timeGroupAlias(col, 'interval')</c>) with the dashboard's time range, then template variables (<c>$name</c>,
/// <c>${name}</c>) by their values. A macro or variable it does not know fails, so a new one cannot slip past the tests.
/// </summary>
internal static partial class GrafanaMacros
{
    public static string Expand(string sql, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<string, string> variables)
    {
        string Instant(DateTimeOffset t) => "'" + t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "'";
        var expanded = Macro().Replace(sql, m =>
        {
            var args = m.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return m.Groups["name"].Value switch
            {
                "timeFilter" => $"{args[0]} BETWEEN {Instant(from)} AND {Instant(to)}",
                "timeFrom" => Instant(from),
                "timeTo" => Instant(to),
                "time" => $"{args[0]} AS \"time\"",
                "timeGroup" => $"floor(extract(epoch from {args[0]})/{Seconds(args[1])})*{Seconds(args[1])}",
                "timeGroupAlias" => $"floor(extract(epoch from {args[0]})/{Seconds(args[1])})*{Seconds(args[1])} AS \"time\"",
                var other => throw new InvalidOperationException($"Grafana macro $__{other} is not expanded by these tests: add it to GrafanaMacros."),
            };
        });
        return Variable().Replace(expanded, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"Template variable ${name} has no value in this test.");
        });
    }

    /// <summary>A Grafana interval ('5m', '1h', '30s', '1d') in seconds.</summary>
    private static long Seconds(string interval)
    {
        var text = interval.Trim('\'', '"');
        var n = long.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch { 's' => n, 'm' => n * 60, 'h' => n * 3600, 'd' => n * 86_400, _ => throw new FormatException($"Interval '{interval}'.") };
    }

    [GeneratedRegex(@"\$__(?<name>\w+)\((?<args>[^()]*)\)")]
    private static partial Regex Macro();

    [GeneratedRegex(@"\$\{(?<braced>\w+)\}|\$(?<plain>[A-Za-z_]\w*)")]
    private static partial Regex Variable();
}
