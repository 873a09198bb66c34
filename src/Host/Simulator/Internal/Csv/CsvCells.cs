using System.Globalization;
using System.Text.RegularExpressions;
using pulse.vitals;

namespace Pulse.Host.Simulator.Internal.Csv;

/// <summary>
/// The rules for one CSV cell. An empty cell is null (the <c>Try…</c> methods succeed with null);
/// a value that cannot be read gives a problem that quotes it. Numbers are not range-checked:
/// out-of-range readings are published as they are, for the topology to dead-letter.
/// </summary>
internal static partial class CsvCells
{
    private static readonly DateTimeOffset MinEpoch = DateTimeOffset.MinValue;
    private static readonly DateTimeOffset MaxEpoch = DateTimeOffset.MaxValue;

    /// <summary>A whole number; <c>72.0</c> reads as 72, <c>72.5</c> does not.</summary>
    public static bool TryParseInt(string text, out int? value, out string? problem)
    {
        value = null;
        problem = null;
        if (IsEmpty(text)) return true;
        if (!TryParseFinite(text, out var number) || number != Math.Floor(number) || number < int.MinValue || number > int.MaxValue)
        {
            problem = $"'{text}' is not a whole number";
            return false;
        }
        value = (int)number;
        return true;
    }

    /// <summary>A finite number, <c>.</c> as the decimal separator.</summary>
    public static bool TryParseDouble(string text, out double? value, out string? problem)
    {
        value = null;
        problem = null;
        if (IsEmpty(text)) return true;
        if (!TryParseFinite(text, out var number))
        {
            problem = $"'{text}' is not a number";
            return false;
        }
        value = number;
        return true;
    }

    /// <summary>ALERT, CONFUSION, VOICE, PAIN, UNRESPONSIVE or their initials A, C, V, P, U, in any case.</summary>
    public static bool TryParseConsciousness(string text, out Consciousness? value, out string? problem)
    {
        value = null;
        problem = null;
        if (IsEmpty(text)) return true;
        value = text.Trim().ToUpperInvariant() switch
        {
            "A" or "ALERT" => Consciousness.ALERT,
            "C" or "CONFUSION" => Consciousness.CONFUSION,
            "V" or "VOICE" => Consciousness.VOICE,
            "P" or "PAIN" => Consciousness.PAIN,
            "U" or "UNRESPONSIVE" => Consciousness.UNRESPONSIVE,
            _ => null,
        };
        if (value is not null) return true;
        problem = $"'{text}' is not ALERT, CONFUSION, VOICE, PAIN, UNRESPONSIVE or A, C, V, P, U";
        return false;
    }

    /// <summary>true, false, 1 or 0, in any case.</summary>
    public static bool TryParseBool(string text, out bool? value, out string? problem)
    {
        value = null;
        problem = null;
        if (IsEmpty(text)) return true;
        value = text.Trim().ToUpperInvariant() switch
        {
            "TRUE" or "1" => true,
            "FALSE" or "0" => false,
            _ => null,
        };
        if (value is not null) return true;
        problem = $"'{text}' is not true, false, 1 or 0";
        return false;
    }

    /// <summary>
    /// ISO-8601 with a UTC offset (<c>2026-11-23T08:00:00Z</c>, <c>2026-11-23T09:00:00.250+01:00</c>) or
    /// Unix epoch milliseconds (<c>1795420800000</c>), truncated to whole milliseconds (the schema's precision).
    /// A time without an offset is refused: it would mean different instants on different machines.
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value, out string? problem)
    {
        value = default;
        problem = null;
        var trimmed = text.Trim();
        if (EpochMillis().IsMatch(trimmed))
        {
            if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                && ms >= MinEpoch.ToUnixTimeMilliseconds() && ms <= MaxEpoch.ToUnixTimeMilliseconds())
            {
                value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                return true;
            }
            problem = $"'{text}' is out of range for epoch milliseconds";
            return false;
        }
        if (!IsoWithOffset().IsMatch(trimmed))
        {
            problem = $"'{text}' is not an ISO-8601 time with a UTC offset (like 2026-11-23T08:00:00Z) or epoch milliseconds";
            return false;
        }
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            problem = $"'{text}' is not a valid date and time";
            return false;
        }
        value = new DateTimeOffset(parsed.Ticks - parsed.Ticks % TimeSpan.TicksPerMillisecond, parsed.Offset);
        return true;
    }

    public static bool IsEmpty(string? text) => string.IsNullOrWhiteSpace(text);

    private static bool TryParseFinite(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex EpochMillis();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex IsoWithOffset();
}
