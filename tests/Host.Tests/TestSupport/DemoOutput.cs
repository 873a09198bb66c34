using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Reads the counts of the line after the demo's <c>Final:</c> line: <c>       rows: readings 7,400, invalid_readings 127, …</c>.</summary>
internal static partial class DemoOutput
{
    public static Dictionary<string, long> FinalRows(IReadOnlyList<string> stdout)
    {
        var at = stdout.ToList().FindLastIndex(l => l.StartsWith("Final: ", StringComparison.Ordinal));
        Assert.True(at >= 0 && at + 1 < stdout.Count, "no Final: counts in the output");
        var final = stdout[at + 1].TrimStart();
        Assert.StartsWith("rows: ", final, StringComparison.Ordinal);
        var rows = final["rows: ".Length..];
        return Count().Matches(rows).ToDictionary(m => m.Groups["name"].Value,
            m => long.Parse(m.Groups["count"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"(?<name>[a-z_0-9]+) (?<count>[\d,]+)(,|$)")]
    private static partial Regex Count();
}
