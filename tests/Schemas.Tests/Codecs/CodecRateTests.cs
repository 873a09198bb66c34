using System.Diagnostics;
using Avro.Specific;
using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas.Internal;
using Pulse.Schemas.Internal.Codecs;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Schemas.Tests.Codecs;

/// <summary>
/// A printed figure, never an assertion: speed depends on the machine and its load. The serdes on
/// Apache.Avro's path (what they were before the codecs) and on the generated codecs', per record.
/// Run alone for quieter figures: <c>dotnet test tests/Schemas.Tests -c Release --filter CodecRateTests
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
public class CodecRateTests(ITestOutputHelper output)
{
    [Fact]
    public void Serialize_and_deserialize_costs_of_both_paths_are_printed()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        output.WriteLine($"| record, path | serialize ns | serialize B | deserialize ns | deserialize B |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        Print(registry, SampleRecords.Reading());
        Print(registry, SampleRecords.Enriched());
        output.WriteLine($"(ns of the thread's CPU, the fastest of 5 rounds of 100,000; {Environment.ProcessorCount} cores, .NET {Environment.Version})");
    }

    private void Print<T>(InProcessSchemaRegistry registry, T record) where T : ISpecificRecord
    {
        var context = Wire.Value("rate." + typeof(T).Name);
        var config = new AvroSerializerConfig();
        Print("Apache.Avro", record, context, new WireFormatSerializer<T>(registry, config, codec: null), new WireFormatDeserializer<T>(registry, codec: null));
        Print("generated codec", record, context, new WireFormatSerializer<T>(registry, config), new WireFormatDeserializer<T>(registry, AvroCodecs.For<T>()));
    }

    private void Print<T>(string path, T record, SerializationContext context, ISerializer<T> serializer, IDeserializer<T> deserializer)
    {
        var bytes = serializer.Serialize(record, context);
        var (writeNs, writeBytes) = Measure(() => serializer.Serialize(record, context));
        var (readNs, readBytes) = Measure(() => deserializer.Deserialize(bytes, false, context));
        output.WriteLine($"| {typeof(T).Name} ({bytes.Length} B framed), {path} | {writeNs:F0} | {writeBytes:F0} | {readNs:F0} | {readBytes:F0} |");
    }

    /// <summary>Nanoseconds of this thread's CPU (wall clock off Linux) and bytes allocated, per call: the fastest of five rounds.</summary>
    private static (double Ns, double Bytes) Measure(Func<object?> op)
    {
        const int n = 100_000, rounds = 5;
        for (var i = 0; i < 2 * n; i++) op(); // warm-up: tier-1 code
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++) // the machine is shared: its other work stretches some rounds
        {
            var start = ThreadCpuNs();
            for (var i = 0; i < n; i++) op();
            best = Math.Min(best, (ThreadCpuNs() - start) / (double)n);
        }
        return (best, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(rounds * n));
    }

    private static long ThreadCpuNs()
    {
        if (!OperatingSystem.IsLinux())
            return (long)Stopwatch.GetElapsedTime(0).TotalNanoseconds;
        clock_gettime(ClockThreadCpuTime, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
