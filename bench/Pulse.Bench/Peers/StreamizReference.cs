using Microsoft.Extensions.Logging;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;
using StreamizTopology = Streamiz.Kafka.Net.Stream.Topology;

namespace Pulse.Bench.Peers;

/// <summary>
/// The reference topology written for Streamiz.Kafka.Net 1.8.2, step for step as <see cref="ReferenceTopology"/>: the same
/// topics, JSON through the same source-generated metadata, a RocksDB window store with caching, 1-minute tumbling windows
/// with 10 s grace, and the calibrated stream split at 80 into readings.high and readings.low.
/// </summary>
internal static class StreamizReference
{
    public static StreamizTopology Build(bool inMemory = false)
    {
        var builder = new StreamBuilder();
        var calibrated = builder.Stream(ReferenceTopology.InputTopic, new StringSerDes(), new JsonSerDes<SensorReading>(BenchJsonContext.Default.SensorReading))
            .Filter((_, r, _) => r.Value >= 0 && double.IsFinite(r.Value))
            .MapValues((r, _) => new Calibrated(r.Value * 1.02 + 0.5, r.Ts));

        var stats = new JsonSerDes<SensorStats>(BenchJsonContext.Default.SensorStats);
        var store = inMemory
            ? InMemoryWindows.As<string, SensorStats>(ReferenceTopology.StoreName)
            : RocksDbWindows.As<string, SensorStats>(ReferenceTopology.StoreName);
        calibrated
            .GroupByKey<StringSerDes, JsonSerDes<Calibrated>>()
            .WindowedBy(TumblingWindowOptions.Of(ReferenceTopology.WindowSize, ReferenceTopology.Grace))
            .Aggregate(() => SensorStats.Empty, (_, r, agg) => agg.Add(r.Value),
                store.WithKeySerdes(new StringSerDes()).WithValueSerdes(stats).WithCachingEnabled())
            .ToStream()
            .To(ReferenceTopology.StatsTopic, new TimeWindowedSerDes<string>(new StringSerDes(), (long)ReferenceTopology.WindowSize.TotalMilliseconds), stats);

        var branches = calibrated.Branch((_, r, _) => r.Value >= ReferenceTopology.HighThreshold, (_, _, _) => true);
        var calibratedSerDes = new JsonSerDes<Calibrated>(BenchJsonContext.Default.Calibrated);
        branches[0].To(ReferenceTopology.HighTopic, new StringSerDes(), calibratedSerDes);
        branches[1].To(ReferenceTopology.LowTopic, new StringSerDes(), calibratedSerDes);
        return builder.Build();
    }

    /// <summary>Streamiz's configuration of the bench's application: its id and serdes; the caller adds the rest.</summary>
    public static StreamConfig<StringSerDes, StringSerDes> Config(string applicationId) => new()
    {
        ApplicationId = applicationId,
        Logger = Environment.GetEnvironmentVariable("PEERS_STREAMIZ_LOG") == "1"
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information))
            : Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
    };
}

/// <summary>JSON through System.Text.Json source-generated metadata, as the Pulse topology's <c>Serdes.Json</c>.</summary>
internal sealed class JsonSerDes<T> : AbstractSerDes<T>
{
    private readonly JsonTypeInfo<T> _type;

    public JsonSerDes() : this((JsonTypeInfo<T>)BenchJsonContext.Default.GetTypeInfo(typeof(T))!)
    {
    }

    public JsonSerDes(JsonTypeInfo<T> type) => _type = type;

    public override byte[] Serialize(T data, SerializationContext context) => data is null ? null! : JsonSerializer.SerializeToUtf8Bytes(data, _type);

    public override T Deserialize(byte[] data, SerializationContext context) => data is null ? default! : JsonSerializer.Deserialize(data, _type)!;
}

/// <summary>Bytes in, bytes out: how the bench hands Streamiz's driver the pre-serialized input.</summary>
internal sealed class RawSerDes : AbstractSerDes<byte[]>
{
    public override byte[] Serialize(byte[] data, SerializationContext context) => data;

    public override byte[] Deserialize(byte[] data, SerializationContext context) => data;
}
