using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Reads the counts of the demo's <c>Final:</c> line: <c>… rows: readings 7,400, invalid_readings 127, …</c>.</summary>
internal static partial class DemoOutput
{
    public static Dictionary<string, long> FinalRows(IReadOnlyList<string> stdout)
    {
        var final = stdout.LastOrDefault(l => l.StartsWith("Final: ", StringComparison.Ordinal));
        Assert.NotNull(final);
        var rows = final[(final.IndexOf("rows: ", StringComparison.Ordinal) + "rows: ".Length)..];
        return Count().Matches(rows).ToDictionary(m => m.Groups["name"].Value,
            m => long.Parse(m.Groups["count"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"(?<name>[a-z_0-9]+) (?<count>[\d,]+)(,|$)")]
    private static partial Regex Count();
}
