using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// Durations as people type them: <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, run
/// together (<c>1h30m</c>), a plain number of seconds (<c>90</c>), or <c>hh:mm:ss</c>.
/// </summary>
internal static partial class DurationText
{
    public const string Examples = "30s, 5m, 1h30m, 250ms or 00:05:00";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TryFromSeconds(seconds, out duration);
        if (trimmed.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        var parts = Part().Matches(trimmed);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != trimmed.Length) return false;
        double total = 0;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            total += amount * part.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => 86_400,
            };
        }
        return TryFromSeconds(total, out duration);
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as <paramref name="duration"/>, for messages.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: < 1000 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms"),
        { TotalSeconds: < 120 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s"),
        { TotalMinutes: < 120 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.###}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.###}h"),
    };

    private static bool TryFromSeconds(double seconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    [GeneratedRegex(@"(?<amount>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d)", RegexOptions.IgnoreCase)]
    private static partial Regex Part();
}
