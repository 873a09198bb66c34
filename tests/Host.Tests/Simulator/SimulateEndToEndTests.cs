using System.Globalization;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Host.Simulator.Internal.Csv;
using Pulse.Host.Simulator.Internal.Patients;
using Pulse.Host.Tests.TestSupport;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using static Pulse.Host.Tests.TestSupport.SimulatorTestPlans;

namespace Pulse.Host.Tests.Simulator;

/// <summary>The built <c>pulse simulate</c> as a child process against the embedded cluster, its topic read back.</summary>
public sealed class SimulateEndToEndTests(SimulatorClusterFixture fixture) : IClassFixture<SimulatorClusterFixture>
{
    private const int Partitions = 3;

    [Fact]
    public void CsvFile_ArrivesRowByRowInOrder_AndABadRowMakesTheExitCodeNonZero()
    {
        var topic = fixture.NewTopic(Partitions);
        var csv = """
            patient_id,timestamp,device_id,heart_rate,spo2,Systolic,diastolic_bp,respiratory_rate,temperature,glucose,consciousness,on_oxygen,latitude,longitude
            P-0001,2026-11-23T08:00:00Z,DEV-1,72,97,121,79,14,36.8,101.5,A,false,51.5,-0.12
            P-0002,2026-11-23T08:00:01Z,DEV-2,88,95,110,70,19,37.9,,ALERT,0,51.6,-0.13
            P-0003,1795420802000,,131,91,89,50,26,39.2,240,C,1,51.7,-0.14
            P-0001,2026-11-23T08:00:03Z,DEV-1,seventy,97,121,79,14,36.8,,A,false,51.5,-0.12
            P-0001,2026-11-23T09:00:04+01:00,DEV-1,74,,,,15,,,V,,51.5,-0.12
            P-0002,2026-11-23T08:00:05Z,DEV-2,0,150,80,120,0,5.5,4000,P,true,51.6,-0.13
            P-0003,2026-11-23T08:00:06Z,,125,90,95,55,25,39.0,,U,1,51.7,-0.14
            P-0002,2026-11-23T08:00:07Z,DEV-2,86,96,112,72,18,37.5,99,a,FALSE,51.6,-0.13
            P-0001,2026-11-23T08:00:08Z,DEV-1,71,98,119,78,13,36.7,,A,0,51.5,-0.12
            """;
        var path = WriteTemp(csv);
        try
        {
            using var pulse = PulseProcess.Run(
                ["simulate", "--mode", "csv", "--csv", path, "--topic", topic, "--bootstrap-servers", fixture.Kafka.BootstrapServers],
                timeout: TimeSpan.FromSeconds(60));

            Assert.True(pulse.ExitCode == 1, $"exit code {pulse.ExitCode}\n{pulse.Output()}");
            Assert.True(pulse.Logged("line 5: column heart_rate: 'seventy' is not a whole number"), pulse.Output());
            Assert.True(pulse.Logged("1 CSV row could not be read (line 5); the other rows were published."), pulse.Output());
            Assert.True(pulse.Logged($"Published 8 readings to {topic} in "), pulse.Output());
            Assert.True(pulse.Logged("1 row rejected; 0 delivery failures."), pulse.Output());

            var expected = Expected(csv);
            Assert.Equal(8, expected.Count);
            var records = ReadBack(topic, expected.Count);
            AssertArrivedInFileOrder(expected, records);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SampleFile_ReplaysCompletely_AndExits0()
    {
        var topic = fixture.NewTopic(Partitions);

        using var pulse = PulseProcess.Run(
            ["simulate", "--csv", Samples.VitalsCsvPath(), "--topic", topic, "--bootstrap-servers", fixture.Kafka.BootstrapServers],
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(pulse.ExitCode == 0, $"exit code {pulse.ExitCode}\n{pulse.Output()}");
        var expected = Expected(File.ReadAllText(Samples.VitalsCsvPath()));
        AssertArrivedInFileOrder(expected, ReadBack(topic, expected.Count));
    }

    [Fact]
    public void SeededRandomRun_PublishesDurationTimesRateReadings_TheSameAsTheGenerator()
    {
        var topic = fixture.NewTopic(Partitions);

        using var pulse = PulseProcess.Run(
            ["simulate", "--patients", "5", "--rate", "40", "--duration", "2s", "--seed", "7", "--start", "2026-11-23T08:00:00Z",
             "--topic", topic, "--bootstrap-servers", fixture.Kafka.BootstrapServers],
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(pulse.ExitCode == 0, $"exit code {pulse.ExitCode}\n{pulse.Output()}");
        Assert.True(pulse.Logged("5 patients, scenario mixed, seed 7, start 2026-11-23T08:00:00.000Z; 1 deteriorating"), pulse.Output());
        Assert.True(pulse.Logged($"Published 80 readings to {topic} in "), pulse.Output());
        var plan = Plan(o =>
        {
            o.Patients = 5;
            o.Rate = 40;
            o.Duration = "2s";
            o.Seed = 7;
        });
        using var generator = new RandomReadingSource(plan, Start);
        var expected = generator.Items().Select(i => i.Reading!).ToList();
        Assert.Equal(80, expected.Count);
        AssertArrivedInFileOrder(expected, ReadBack(topic, expected.Count));
    }

    [Fact]
    public void Sigterm_EndsAnEndlessRunCleanly_WithEverythingSentAcknowledged()
    {
        var topic = fixture.NewTopic(Partitions);
        using var pulse = PulseProcess.Start(
            ["simulate", "--patients", "20", "--rate", "100", "--topic", topic, "--bootstrap-servers", fixture.Kafka.BootstrapServers]);
        var records = new List<ConsumeResult<string, VitalReading>>();
        using var consumer = Consumer(topic);
        Wait.Until(() =>
        {
            while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record) records.Add(record);
            return records.Count >= 100 || pulse.HasExited;
        }, TimeSpan.FromSeconds(30), () => $"100 readings on {topic}\n{pulse.Output()}");

        pulse.Terminate(TimeSpan.FromSeconds(30));

        Assert.True(pulse.ExitCode == 0, $"exit code {pulse.ExitCode}\n{pulse.Output()}");
        var summary = Assert.Single(pulse.Stdout, l => l.StartsWith("Published ", StringComparison.Ordinal));
        var published = int.Parse(summary.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.EndsWith("0 rows rejected; 0 delivery failures.", summary, StringComparison.Ordinal);
        Assert.Equal(published, ReadBack(topic, published).Count);
    }

    /// <summary>
    /// Every reading arrived once, each partition holding its keys' readings in the source's order,
    /// with the source's values, keyed by patient id and stamped with the reading's time.
    /// </summary>
    private static void AssertArrivedInFileOrder(List<VitalReading> expected, List<ConsumeResult<string, VitalReading>> records)
    {
        Assert.Equal(expected.Count, records.Count);
        foreach (var partition in records.GroupBy(r => r.Partition.Value))
        {
            var keys = partition.Select(r => r.Message.Key).ToHashSet();
            Assert.Equal(
                expected.Where(r => keys.Contains(r.patient_id)).Select(Describe),
                partition.OrderBy(r => r.Offset.Value).Select(r => Describe(r.Message.Value)));
        }
        Assert.All(records, r => Assert.Equal(r.Message.Value.patient_id, r.Message.Key));
        Assert.All(records, r => Assert.Equal(r.Message.Value.timestamp, r.Message.Timestamp.UtcDateTime));
        Assert.Equal(expected.Select(r => r.patient_id).Distinct().Order(), records.Select(r => r.Message.Key).Distinct().Order());
    }

    private List<ConsumeResult<string, VitalReading>> ReadBack(string topic, int count)
    {
        using var consumer = Consumer(topic);
        var records = new List<ConsumeResult<string, VitalReading>>();
        Wait.Until(() =>
        {
            while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record) records.Add(record);
            return records.Count >= count;
        }, TimeSpan.FromSeconds(30), () => $"{count} records on {topic} (got {records.Count})");
        // Nothing more than expected: one more short read finds nothing.
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(500)));
        return records;
    }

    /// <summary>A consumer of every partition of <paramref name="topic"/> from the start (no group: partitions are assigned).</summary>
    private IConsumer<string, VitalReading> Consumer(string topic)
    {
        var consumer = new ConsumerBuilder<string, VitalReading>(new ConsumerConfig
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            GroupId = "simulator-tests",
            EnableAutoCommit = false,
        })
            .SetKeyDeserializer(Deserializers.Utf8)
            .SetValueDeserializer(AvroSerdes.Deserializer<VitalReading>(InProcessSchemaRegistry.Seeded()))
            .Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        return consumer;
    }

    private static List<VitalReading> Expected(string csv)
    {
        using var source = CsvReadingSource.FromText(csv, TimeProvider.System);
        return [.. source.Items().Where(i => i.Reading is not null).Select(i => i.Reading!)];
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-sim-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Describe(VitalReading r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.patient_id}|{r.device_id}|{r.timestamp:O}|{r.heart_rate}|{r.spo2}|{r.systolic_bp}|{r.diastolic_bp}|{r.respiratory_rate}|{r.temperature:R}|{r.glucose:R}|{r.consciousness}|{r.on_oxygen}|{r.latitude:R}|{r.longitude:R}");
}
