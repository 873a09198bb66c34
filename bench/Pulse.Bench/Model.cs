using System.Text.Json.Serialization;

namespace Pulse.Bench;

/// <summary>A raw sensor reading as it arrives on the input topic.</summary>
/// <param name="Sensor">The sensor id (also the record key).</param>
/// <param name="Value">The reading; negative means a faulty sensor (dropped by the filter).</param>
/// <param name="Ts">The reading's event time, ms since the epoch.</param>
public sealed record SensorReading(string Sensor, double Value, long Ts);

/// <summary>A reading after calibration (the <c>mapValues</c> step).</summary>
/// <param name="Value">The calibrated value.</param>
/// <param name="Ts">The event time, ms since the epoch.</param>
public sealed record Calibrated(double Value, long Ts);

/// <summary>Per sensor and 1-minute window: count, min, max and sum of calibrated values.</summary>
/// <param name="Count">Readings in the window.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Sum">The sum of values (mean = Sum / Count).</param>
public sealed record SensorStats(long Count, double Min, double Max, double Sum)
{
    /// <summary>The aggregate of no readings.</summary>
    public static SensorStats Empty { get; } = new(0, double.MaxValue, double.MinValue, 0);

    /// <summary>This aggregate with one more value folded in.</summary>
    public SensorStats Add(double value) => new(Count + 1, Math.Min(Min, value), Math.Max(Max, value), Sum + value);
}

/// <summary>Source-generated System.Text.Json metadata for the bench's records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SensorReading))]
[JsonSerializable(typeof(Calibrated))]
[JsonSerializable(typeof(SensorStats))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
