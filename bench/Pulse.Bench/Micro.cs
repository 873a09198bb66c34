using System.Buffers.Binary;
using System.Diagnostics;
using Confluent.Kafka;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Bench;

/// <summary>
/// Targeted micro-measurements (ns and bytes allocated per operation) that split the reference
/// run's per-record cost into serde work and engine/driver work.
/// </summary>
internal static class Micro
{
    public static void Run(int records)
    {
        var input = InputData.Generate(records, 1_000);
        var ctx = new SerializationContext(MessageComponentType.Value, "t");
        var stats = new SensorStats(30, 1.5, 99.25, 1523.7500000000002);
        var statsJson = ReferenceTopology.StatsSerde.Serialize(stats, ctx)!;
        var calibrated = new Calibrated(72.85600000000001, InputData.StartMs);
        Console.WriteLine($"| operation (per record) | ns/op | B/op |");
        Console.WriteLine($"|---|---:|---:|");

        Measure("JSON read SensorReading (source deserialize)", records, i => ReferenceTopology.ReadingSerde.Deserialize(input.ValueOf(i), ctx));
        Measure("JSON write Calibrated (high/low sink)", records, _ => ReferenceTopology.CalibratedSerde.Serialize(calibrated, ctx));
        Measure("JSON read+fold+write SensorStats (aggregate, per record)", records, i =>
        {
            var s = ReferenceTopology.StatsSerde.Deserialize(statsJson, ctx)!.Add(i % 100);
            return ReferenceTopology.StatsSerde.Serialize(s, ctx);
        });
        Measure("binary read+fold+write SensorStats (32 B, for contrast)", records, i =>
        {
            var buffer = new byte[32];
            BinaryPrimitives.WriteInt64BigEndian(buffer, 30);
            var s = new SensorStats(BinaryPrimitives.ReadInt64BigEndian(buffer), BinaryPrimitives.ReadDoubleBigEndian(buffer.AsSpan(8)),
                BinaryPrimitives.ReadDoubleBigEndian(buffer.AsSpan(16)), BinaryPrimitives.ReadDoubleBigEndian(buffer.AsSpan(24))).Add(i % 100);
            var output = new byte[32];
            BinaryPrimitives.WriteInt64BigEndian(output, s.Count);
            BinaryPrimitives.WriteDoubleBigEndian(output.AsSpan(8), s.Min);
            BinaryPrimitives.WriteDoubleBigEndian(output.AsSpan(16), s.Max);
            BinaryPrimitives.WriteDoubleBigEndian(output.AsSpan(24), s.Sum);
            return output;
        });

        // Driver floor: bytes in, bytes out, no serde work.
        var passthrough = new StreamsBuilder();
        passthrough.Stream(ReferenceTopology.InputTopic, Consumed.With(Serdes.ByteArray, Serdes.ByteArray))
            .To("out", Produced.With(Serdes.ByteArray, Serdes.ByteArray));
        MeasureDriver("driver: source → sink, byte[] serdes (floor)", passthrough.Build(), input, ["out"]);

        // Windowed aggregation machinery with the cheapest serdes (string key, Int64 count).
        var counting = new StreamsBuilder();
        counting.Stream(ReferenceTopology.InputTopic, Consumed.With(Serdes.String, Serdes.ByteArray))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(ReferenceTopology.WindowSize, ReferenceTopology.Grace))
            .Count(Materialized.As<string, long>("counts").WithKeySerde(Serdes.String).WithStoreType(StoreType.InMemory))
            .ToStream()
            .To("out", Produced.With(WindowedSerdes.TimeWindowed(Serdes.String, ReferenceTopology.WindowSize), Serdes.Int64));
        MeasureDriver("driver: windowed count, cached in-memory store, Int64 value", counting.Build(), input,
            ["out", $"{ReferenceTopology.ApplicationId}-counts-changelog"]);
    }

    private static void Measure(string name, int n, Func<int, object?> op)
    {
        for (var i = 0; i < Math.Min(n, 50_000); i++) op(i);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++) op(i);
        var ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / n;
        Console.WriteLine($"| {name} | {ns:F0} | {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)n:F0} |");
    }

    private static void MeasureDriver(string name, Topology topology, InputData input, string[] drain)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var config = new StreamsConfig { ApplicationId = ReferenceTopology.ApplicationId };
            using var driver = new TopologyTestDriver(topology, config, DateTimeOffset.FromUnixTimeMilliseconds(InputData.StartMs),
                new TopologyTestDriverOptions { CommitEveryRecord = false });
            var source = driver.CreateInputTopic(ReferenceTopology.InputTopic, Serdes.ByteArray, Serdes.ByteArray);
            var outputs = drain.Select(t => driver.CreateOutputTopic(t, CountingSerde.Instance, CountingSerde.Instance)).ToList();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < input.Count; i++)
            {
                source.PipeRawInput(input.KeyOf(i), input.ValueOf(i), DateTimeOffset.FromUnixTimeMilliseconds(InputData.TimestampOf(i)));
                if ((i + 1) % 10_000 != 0) continue;
                driver.Commit();
                foreach (var o in outputs)
                    while (!o.IsEmpty) o.ReadValue();
            }
            var ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / input.Count;
            if (pass == 1)
                Console.WriteLine($"| {name} | {ns:F0} | {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)input.Count:F0} |");
        }
    }
}
