using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;

namespace HeartRateStats;

/// <summary>
/// Heart rates in (key: patient id, value: beats per minute), one summary per patient and minute out,
/// once that minute has closed (its end plus a grace period for late readings).
/// </summary>
public static class HeartRateTopology
{
    /// <summary>Readings: patient id → beats per minute.</summary>
    public const string InputTopic = "heart-rates";

    /// <summary>Final summaries: patient id → <see cref="HeartRateSummary"/> as JSON.</summary>
    public const string OutputTopic = "heart-rate-stats-1m";

    /// <summary>The window store behind the aggregation (RocksDB, change-logged).</summary>
    public const string StoreName = "heart-rate-1m";

    /// <summary>Tumbling one-minute windows.</summary>
    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(1);

    /// <summary>How long after a minute's end readings for it are still taken.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>The output's value serde.</summary>
    public static Serde<HeartRateSummary> SummarySerde { get; } = Serdes.Json<HeartRateSummary>();

    private static readonly Serde<HeartRateAggregate> AggregateSerde = Serdes.Json<HeartRateAggregate>();

    /// <summary>The topology; run it with <c>KafkaStreams</c>, or test it with <c>TopologyTestDriver</c>.</summary>
    public static Topology Build()
    {
        var builder = new StreamsBuilder();
        builder.Stream(InputTopic, Consumed.With(Serdes.String, Serdes.Double))
            .Filter((_, bpm) => bpm is >= 20 and <= 300)                // sensor glitches are dropped
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(WindowSize, Grace))
            .Aggregate(() => HeartRateAggregate.Empty, (_, bpm, aggregate) => aggregate.Add(bpm),
                Materialized.As<string, HeartRateAggregate>(StoreName).WithValueSerde(AggregateSerde))
            .Suppress(Suppressed.UntilWindowCloses())                   // one final result per patient and minute
            .ToStream()
            .Map((windowed, aggregate) => new KeyValue<string, HeartRateSummary>(windowed.Key, aggregate.ToSummary(windowed.Window)))
            .To(OutputTopic, Produced.With(Serdes.String, SummarySerde));
        return builder.Build();
    }
}

/// <summary>A minute's running figures, as the window store keeps them.</summary>
public sealed record HeartRateAggregate(long Count, double Sum, double Min, double Max)
{
    /// <summary>No reading yet.</summary>
    public static HeartRateAggregate Empty { get; } = new(0, 0, double.MaxValue, double.MinValue);

    /// <summary>With one more reading.</summary>
    public HeartRateAggregate Add(double bpm) => new(Count + 1, Sum + bpm, Math.Min(Min, bpm), Math.Max(Max, bpm));

    /// <summary>The published summary of <paramref name="window"/>.</summary>
    public HeartRateSummary ToSummary(Window window) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(window.StartMs), Count, Min, Max, Math.Round(Sum / Count, 1));
}

/// <summary>One patient's heart rate over one minute.</summary>
public sealed record HeartRateSummary(DateTimeOffset WindowStart, long Count, double Min, double Max, double Mean);
