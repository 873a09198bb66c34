using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Schemas.Tests.TestSupport;
using pulse.vitals;
using Xunit.Abstractions;

namespace Pulse.Schemas.Tests;

/// <summary>A printed figure, never an assertion: speed depends on the machine and its load.</summary>
public class AvroSerdesRateTests(ITestOutputHelper output)
{
    [Fact]
    public void Serialize_and_deserialize_rate_of_VitalReading_is_printed()
    {
        using var registry = InProcessSchemaRegistry.Seeded();
        Measure("AvroSerdes", AvroSerdes.Serializer<VitalReading>(registry), AvroSerdes.Deserializer<VitalReading>(registry));
        Measure("Confluent's AvroSerializer/AvroDeserializer, AsSyncOverAsync()",
            new AvroSerializer<VitalReading>(registry, new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.Topic }).AsSyncOverAsync(),
            new AvroDeserializer<VitalReading>(registry).AsSyncOverAsync());
    }

    private void Measure(string name, ISerializer<VitalReading> serializer, IDeserializer<VitalReading> deserializer)
    {
        var context = Wire.Value("vitals.raw");
        var reading = SampleRecords.Reading();

        long Run(TimeSpan duration)
        {
            var watch = Stopwatch.StartNew();
            long n = 0;
            while (watch.Elapsed < duration)
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
        var watch = Stopwatch.StartNew();
        var N = Run(TimeSpan.FromSeconds(2));
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        output.WriteLine($"{name}, VitalReading serialize+deserialize: {N / watch.Elapsed.TotalSeconds:N0} round trips/s, " +
                         $"{cpu.TotalMicroseconds / N:N2} µs of process CPU and {allocated / N:N0} bytes allocated per round trip " +
                         $"({Environment.ProcessorCount} cores, load average and other tests included)");
    }
}
