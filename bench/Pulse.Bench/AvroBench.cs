using System.Diagnostics;
using System.Globalization;
using Avro.Specific;
using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Internal.Codecs;
using Pulse.Schemas.Registry;

namespace Pulse.Bench;

/// <summary>
/// The Avro serdes, per record, in one process: serialize and deserialize on Apache.Avro's path (the
/// serdes before the generated codecs) and on the codecs', for a reading and an enriched reading, as ns
/// of the measuring thread's CPU (the fastest of several rounds: the machine's other work stretches
/// some) and bytes allocated; then reading round trips per second through <see cref="AvroSerdes"/> and
/// through Confluent's AvroSerializer/AvroDeserializer. Figures, not pass/fail: speed depends on the machine.
/// </summary>
internal static class AvroBench
{
    public const string Usage = """
        avro [--calls N] [--rounds N] [--seconds N]
          the Avro serdes per record, Apache.Avro's path against the generated codecs (defaults: the fastest of 5 rounds of 100,000 calls),
          then VitalReading round trips/s through AvroSerdes and Confluent's serdes (default 2 s each, after a 1 s warm-up)
        """;

    public static int Run(string[] args)
    {
        int calls = 100_000, rounds = 5, seconds = 2;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--calls": calls = Positive(args[i], value); break;
                case "--rounds": rounds = Positive(args[i], value); break;
                case "--seconds": seconds = Positive(args[i], value); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        Console.WriteLine($"[avro] {Report.Environment()}");
        using var registry = InProcessSchemaRegistry.Seeded();
        Console.WriteLine("| record, path | serialize ns | serialize B | deserialize ns | deserialize B |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        BothPaths(registry, AvroSamples.Reading(), calls, rounds);
        BothPaths(registry, AvroSamples.Enriched(), calls, rounds);
        Console.WriteLine($"(ns of the thread's CPU, the fastest of {rounds} rounds of {calls:N0}; B allocated per call, averaged)");
        Console.WriteLine();

        var duration = TimeSpan.FromSeconds(seconds);
        RoundTrips("AvroSerdes", AvroSerdes.Serializer<VitalReading>(registry), AvroSerdes.Deserializer<VitalReading>(registry), duration);
        RoundTrips("Confluent's AvroSerializer/AvroDeserializer, AsSyncOverAsync()",
            new AvroSerializer<VitalReading>(registry, new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.Topic }).AsSyncOverAsync(),
            new AvroDeserializer<VitalReading>(registry).AsSyncOverAsync(), duration);
        return 0;
    }

    private static void BothPaths<T>(InProcessSchemaRegistry registry, T record, int calls, int rounds) where T : ISpecificRecord
    {
        var context = new SerializationContext(MessageComponentType.Value, "bench." + typeof(T).Name);
        var config = new AvroSerializerConfig();
        PerCall("Apache.Avro", record, context, new WireFormatSerializer<T>(registry, config, codec: null), new WireFormatDeserializer<T>(registry, codec: null), calls, rounds);
        PerCall("generated codec", record, context, new WireFormatSerializer<T>(registry, config), new WireFormatDeserializer<T>(registry, AvroCodecs.For<T>()), calls, rounds);
    }

    private static void PerCall<T>(string path, T record, SerializationContext context, ISerializer<T> serializer, IDeserializer<T> deserializer, int calls, int rounds)
    {
        var bytes = serializer.Serialize(record, context);
        var (writeNs, writeBytes) = Measure(() => serializer.Serialize(record, context), calls, rounds);
        var (readNs, readBytes) = Measure(() => deserializer.Deserialize(bytes, false, context), calls, rounds);
        Console.WriteLine($"| {typeof(T).Name} ({bytes.Length} B framed), {path} | {writeNs:F0} | {writeBytes:F0} | {readNs:F0} | {readBytes:F0} |");
    }

    /// <summary>Nanoseconds of this thread's CPU and bytes allocated, per call: the fastest round, after a warm-up for tier-1 code.</summary>
    private static (double Ns, double Bytes) Measure(Func<object?> op, int calls, int rounds)
    {
        for (var i = 0; i < 2 * calls; i++) op();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var start = ThreadCpu.Nanoseconds();
            for (var i = 0; i < calls; i++) op();
            best = Math.Min(best, (ThreadCpu.Nanoseconds() - start) / (double)calls);
        }
        return (best, (GC.GetAllocatedBytesForCurrentThread() - allocated) / ((double)rounds * calls));
    }

    private static void RoundTrips(string name, ISerializer<VitalReading> serializer, IDeserializer<VitalReading> deserializer, TimeSpan duration)
    {
        var context = new SerializationContext(MessageComponentType.Value, "vitals.raw");
        var reading = AvroSamples.Reading();

        long Run(TimeSpan length)
        {
            var watch = Stopwatch.StartNew();
            long n = 0;
            while (watch.Elapsed < length)
            {
                for (var i = 0; i < 1000; i++)
                    deserializer.Deserialize(serializer.Serialize(reading, context), false, context);
                n += 1000;
            }
            return n;
        }

        Run(TimeSpan.FromSeconds(1)); // warm-up: registration, and time for the JIT's tier-1 code
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var n = Run(duration);
        var elapsed = Stopwatch.GetElapsedTime(start);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"[avro] {name}, VitalReading serialize+deserialize: {n / elapsed.TotalSeconds:N0} round trips/s, " +
            $"{cpu.TotalMicroseconds / n:N2} µs of process CPU and {allocated / n:N0} B allocated per round trip");
    }

    private static int Positive(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{flag} must be a positive whole number; got '{value}'.");
}
