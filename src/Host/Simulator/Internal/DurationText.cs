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

    /// <summary>
    /// <paramref name="duration"/> as <see cref="TryParse"/> reads it, for messages: <c>250ms</c>,
    /// <c>26s</c>, <c>2m6s</c>, <c>1h30m</c> (whole seconds from one second on).
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMilliseconds)}ms");
        var seconds = (long)Math.Round(duration.TotalSeconds);
        var text = new System.Text.StringBuilder();
        if (seconds >= 3600) text.Append(CultureInfo.InvariantCulture, $"{seconds / 3600}h");
        if (seconds % 3600 >= 60) text.Append(CultureInfo.InvariantCulture, $"{seconds % 3600 / 60}m");
        if (seconds % 60 > 0 || seconds == 0) text.Append(CultureInfo.InvariantCulture, $"{seconds % 60}s");
        return text.ToString();
    }

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
