using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Host.Postgres;
using Pulse.Host.Sink;
using Pulse.Host.Sink.Internal;
using Pulse.Vitals;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Streams.Testing;
using pulse.vitals;

namespace Pulse.Bench;

/// <summary>
/// The whole sink, end to end: readings preloaded on the embedded Kafka cluster (Avro, 12
/// partitions), then the <see cref="PostgresSink"/> of <c>pulse sink</c> in this process reads
/// and writes them all. Timed from its first committed batch to its last (the group join before
/// is not the sink's throughput).
/// </summary>
internal static class SinkEndToEnd
{
    public static SinkRun Run(LocalPostgres server, string connectionString, int readings, int batchSize)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        foreach (var topic in new TableRouter(new VitalsTopics(), InProcessSchemaRegistry.Seeded(), TimeProvider.System).Topics)
            cluster.CreateTopic(topic, SinkBenchData.Partitions);
        Produce(cluster, readings);
        Console.WriteLine($"[sink] end to end: {readings:N0} readings on {SinkBenchData.Topic} ({SinkBenchData.Partitions} partitions); starting the sink");

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers,
            ["Postgres:ConnectionString"] = connectionString,
            ["Sink:GroupId"] = "bench-sink",
            ["Sink:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sink:LingerMs"] = "100",
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPulseSink(builder.Configuration);
        using var host = builder.Build();
        var metrics = host.Services.GetRequiredService<SinkMetrics>();
        var sink = host.Services.GetRequiredService<PostgresSink>();
        host.Start();

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 300;
        while (metrics.RowsWritten == 0) Poll(sink, deadline);
        var started = Stopwatch.GetTimestamp();
        var atStart = metrics.RowsWritten;
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var serverAtStart = ServerCpu.Read(server);
        while (metrics.RowsWritten < readings) Poll(sink, deadline);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        var serverCpu = (ServerCpu.Read(server) - serverAtStart).TotalSeconds;
        host.StopAsync().GetAwaiter().GetResult();
        var written = readings - atStart;
        var rate = written / seconds;
        Console.WriteLine($"[sink] end to end: {rate,10:N0} readings/s ({written:N0} after the first batch in {seconds:F2} s; " +
                          $"this process, with the embedded brokers in it, used {cpu / seconds:F2} cores; PostgreSQL {serverCpu / seconds:F2})");
        return new SinkRun(rate, cpu * 1e6 / written, serverCpu * 1e6 / written);
    }

    private static void Poll(PostgresSink sink, long deadline)
    {
        if (sink.Fault is { } fault) throw new InvalidOperationException("The sink stopped: " + fault.Message, fault);
        if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("The sink did not write every reading within 300 s.");
        Thread.Sleep(5);
    }

    private static void Produce(EmbeddedKafkaCluster cluster, int readings)
    {
        var serializer = AvroSerdes.Serializer<EnrichedReading>(InProcessSchemaRegistry.Seeded());
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            LingerMs = 20,
            BatchSize = 1_000_000,
            CompressionType = CompressionType.Lz4,
        }).Build();
        var context = new SerializationContext(MessageComponentType.Value, SinkBenchData.Topic);
        for (var i = 0; i < readings; i++)
        {
            var reading = SinkBenchData.Reading(i);
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(reading.reading.patient_id), Value = serializer.Serialize(reading, context) };
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(SinkBenchData.Topic, i % SinkBenchData.Partitions), message);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        if (producer.Flush(TimeSpan.FromSeconds(120)) != 0) throw new TimeoutException("The readings were not all acknowledged.");
    }
}
