using System.Diagnostics;
using Avro.Specific;
using Confluent.Kafka;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.SchemasTests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.SchemasTests.Codecs;

/// <summary>A printed figure, never an assertion: speed depends on the machine and its load.</summary>
public class CodecRateTests(ITestOutputHelper output)
{
    [Fact]
    public void Serialize_and_deserialize_costs_are_printed()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        output.WriteLine("| record, path | serialize ns | serialize B | deserialize ns | deserialize B |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        Print("VitalReading", registry, SampleRecords.Reading());
        Print("EnrichedReading", registry, SampleRecords.Enriched());
    }

    private void Print<T>(string name, InProcessSchemaRegistry registry, T record) where T : ISpecificRecord
    {
        var context = Wire.Value("rate." + name);
        var serializer = AvroSerdes.Serializer<T>(registry);
        var deserializer = AvroSerdes.Deserializer<T>(registry);
        var bytes = serializer.Serialize(record, context);
        var (writeNs, writeBytes) = Measure(() => serializer.Serialize(record, context));
        var (readNs, readBytes) = Measure(() => deserializer.Deserialize(bytes, false, context));
        output.WriteLine($"| {name}, AvroSerdes | {writeNs:F0} | {writeBytes:F0} | {readNs:F0} | {readBytes:F0} |");
    }

    private static (double Ns, double Bytes) Measure(Func<object> op)
    {
        const int n = 100_000;
        for (var i = 0; i < 2 * n; i++) op(); // warm-up: tier-1 code
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++) // the fastest of five rounds: the machine is shared
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++) op();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / n);
        }
        return (best, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (5.0 * n));
    }
}
