using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;

namespace Pulse.Bench;

/// <summary>
/// The reference topology: filter (drops invalid readings) → mapValues (calibration) →
/// groupByKey → 1-minute tumbling windowed aggregate (count/min/max/sum, cached store) →
/// toStream → "stats"; and a split of the calibrated stream into "readings.high" / "readings.low".
/// </summary>
internal static class ReferenceTopology
{
    public const string ApplicationId = "pulse-bench";
    public const string InputTopic = "readings";
    public const string StatsTopic = "stats";
    public const string HighTopic = "readings.high";
    public const string LowTopic = "readings.low";
    public const string StoreName = "sensor-stats";
    public const double HighThreshold = 80.0;
    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>The changelog topic of the window store.</summary>
    public static string ChangelogTopic => $"{ApplicationId}-{StoreName}-changelog";

    public static Serde<SensorReading> ReadingSerde { get; } = Serdes.Json(BenchJsonContext.Default.SensorReading);
    public static Serde<Calibrated> CalibratedSerde { get; } = Serdes.Json(BenchJsonContext.Default.Calibrated);
    public static Serde<SensorStats> StatsSerde { get; } = Serdes.Json(BenchJsonContext.Default.SensorStats);

    /// <summary>The topology; <paramref name="binaryAggregate"/> stores the aggregate as 32 bytes instead of JSON (ablation only).</summary>
    public static Topology Build(StoreType storeType, bool binaryAggregate = false)
    {
        var builder = new StreamsBuilder();
        var calibrated = builder.Stream(InputTopic, Consumed.With(Serdes.String, ReadingSerde))
            .Filter((_, r) => r.Value >= 0 && double.IsFinite(r.Value))
            .MapValues(r => new Calibrated(r.Value * 1.02 + 0.5, r.Ts));

        calibrated
            .GroupByKey(Grouped.With(Serdes.String, CalibratedSerde))
            .WindowedBy(TimeWindows.OfSizeAndGrace(WindowSize, Grace))
            .Aggregate(() => SensorStats.Empty, (_, r, agg) => agg.Add(r.Value),
                Materialized.As<string, SensorStats>(StoreName)
                    .WithKeySerde(Serdes.String)
                    .WithValueSerde(binaryAggregate ? BinaryStatsSerde.Instance : StatsSerde)
                    .WithStoreType(storeType)
                    .WithCachingEnabled())
            .ToStream()
            .To(StatsTopic, Produced.With(WindowedSerdes.TimeWindowed(Serdes.String, WindowSize), StatsSerde));

        calibrated.Split(Named.As("split-"))
            .Branch((_, r) => r.Value >= HighThreshold,
                Branched.WithConsumer<string, Calibrated>(s => s.To(HighTopic, Produced.With(Serdes.String, CalibratedSerde)), "high"))
            .DefaultBranch(Branched.WithConsumer<string, Calibrated>(s => s.To(LowTopic, Produced.With(Serdes.String, CalibratedSerde)), "low"));

        return builder.Build();
    }
}
