using System.Text;
using Confluent.Kafka;
using DuckDB.NET.Data;
using pulse.vitals;
using Pulse.Host.Archive;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Archive;

/// <summary>
/// <c>pulse archive</c> as a process on the embedded cluster: Parquet files by topic, day and hour with every record
/// once, read back with DuckDB; and after a kill -9 mid-file and a restart, still every record exactly once.
/// </summary>
public sealed class ArchiverTests(PipelineCluster cluster) : IClassFixture<PipelineCluster>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly DateTime Start = new(2026, 12, 6, 8, 40, 0, DateTimeKind.Utc);
    private readonly TempFolder _archive = new("pulse-archive-");
    private readonly List<PulseProcess> _processes = [];

    [Fact]
    public void Archive_WritesEachTopicByDayAndHour_EveryRecordOnce_WithTypedEnrichedColumns()
    {
        // Readings from 08:40 to 09:20, one every 0.2 s over 40 patients: two hours of files.
        const int count = 12_000;
        long rawBytes = 0;
        using (var producer = Producer())
        {
            using var registry = new VitalsProducer(cluster.Kafka);
            for (var i = 0; i < count; i++)
            {
                var at = Start.AddMilliseconds(200 * i);
                var reading = new VitalReading { patient_id = $"P-{i % 40:D3}", timestamp = at, heart_rate = 60 + i % 50, spo2 = 90 + i % 10 };
                var raw = registry.Serialize(cluster.Topics.Raw, reading);
                rawBytes += raw.Length;
                producer.Produce(cluster.Topics.Raw, Message(reading.patient_id, raw, at));
                var enriched = new EnrichedReading { reading = reading, news2_score = i % 8, news2_risk = News2Risk.LOW, status = VitalStatus.NORMAL };
                producer.Produce(cluster.Topics.Enriched, Message(reading.patient_id, registry.Serialize(cluster.Topics.Enriched, enriched), at));
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }

        Run("--roll-interval", "00:00:01");

        Wait.Until(() => Count(cluster.Topics.Raw) == count && Count(cluster.Topics.Enriched) == count, Deadline,
            () => $"{count} records of each topic archived; {Count(cluster.Topics.Raw)} raw, {Count(cluster.Topics.Enriched)} enriched\n{_processes[0].Output()}");
        foreach (var topic in new[] { cluster.Topics.Raw, cluster.Topics.Enriched })
        {
            Assert.Equal(["date=2026-12-06"], Directory.GetDirectories(Path.Combine(_archive.Path, topic)).Select(Path.GetFileName));
            Assert.Equal(["hour=08", "hour=09"], Directory.GetDirectories(Path.Combine(_archive.Path, topic, "date=2026-12-06")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(count, Scalar($"SELECT count(DISTINCT (\"partition\", \"offset\")) FROM {Files(topic)}"));
            Assert.All(new LocalArchiveStorage(_archive.Path).List(topic + "/"), f => Assert.NotNull(ArchiveFileName.TryParse(f)));
        }
        // Hour 08 holds the readings before 09:00: 20 minutes at 5 a second.
        Assert.Equal(6_000, Scalar($"SELECT count(*) FROM read_parquet('{_archive.Path}/{cluster.Topics.Enriched}/date=2026-12-06/hour=08/*.parquet')"));
        Assert.Equal(Enumerable.Range(0, count).Sum(i => 60L + i % 50), Scalar($"SELECT sum(heart_rate)::BIGINT FROM {Files(cluster.Topics.Enriched)}"));
        Assert.Equal(count, Scalar($"SELECT count(*) FROM {Files(cluster.Topics.Raw)} WHERE starts_with(hex(value), '00')")); // Confluent's magic byte leads the original bytes
        Assert.Equal(rawBytes, Scalar($"SELECT sum(octet_length(value))::BIGINT FROM {Files(cluster.Topics.Raw)}"));
    }

    [Fact]
    public async Task KillMinus9MidFile_ThenRestart_LeavesEveryRecordExactlyOnce()
    {
        const int count = 30_000;
        var topic = cluster.Topics.Raw;
        var before = EndOffsets(topic);
        var sending = Task.Run(() =>
        {
            using var producer = Producer();
            for (var i = 0; i < count; i++)
            {
                producer.Produce(topic, Message($"P-{i % 40:D3}", new byte[200], Start.AddSeconds(i)));
                if (i % 1_000 == 999) producer.Flush(TimeSpan.FromSeconds(30));
            }
            producer.Flush(TimeSpan.FromSeconds(60));
        });
        var group = "archive-kill-" + Guid.NewGuid().ToString("N")[..6];
        var first = Run("--group-id", group, "--roll-bytes", "65536", "--roll-interval", "00:00:01");
        Wait.Until(() => Count(topic) > count / 5, Deadline, () => $"some files before the kill\n{first.Output()}");

        first.Kill();
        await sending.WaitAsync(Deadline);
        var second = Run("--group-id", group, "--roll-bytes", "65536", "--roll-interval", "00:00:01");

        // The new group archives the whole topic into this test's directory: this test's records and any an earlier test sent.
        Wait.Until(() => Count(topic) >= EndOffsets(topic) && Scalar($"SELECT count(*) FROM {Files(topic)}") >= EndOffsets(topic), Deadline,
            () => $"the whole topic archived ({EndOffsets(topic)}); {Count(topic)} so far\n{second.Output()}");
        Assert.True(second.Logged("resuming from offset"), second.Output());
        Assert.Equal(EndOffsets(topic), Scalar($"SELECT count(*) FROM {Files(topic)}"));
        Assert.Equal(EndOffsets(topic), Count(topic));
        Assert.True(EndOffsets(topic) - before >= count);
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _archive.Dispose();
    }

    private PulseProcess Run(params string[] args)
    {
        var process = PulseProcess.Start(["archive", "--bootstrap-servers", cluster.Kafka.BootstrapServers, "--archive", _archive.Path, "--http", "none", .. args]);
        _processes.Add(process);
        return process;
    }

    private IProducer<byte[], byte[]> Producer() => new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = cluster.Kafka.BootstrapServers, EnableIdempotence = true, LingerMs = 5, Partitioner = Partitioner.Murmur2Random,
    }).Build();

    private static Message<byte[], byte[]> Message(string key, byte[] value, DateTime at) =>
        new() { Key = Encoding.UTF8.GetBytes(key), Value = value, Timestamp = new Timestamp(at, TimestampType.CreateTime) };

    /// <summary>Distinct (partition, offset) pairs archived for <paramref name="topic"/> so far (0 before the first file).</summary>
    private long Count(string topic) =>
        Directory.Exists(Path.Combine(_archive.Path, topic)) && Directory.EnumerateFiles(Path.Combine(_archive.Path, topic), "*.parquet", SearchOption.AllDirectories).Any(f => !Path.GetFileName(f).StartsWith('.'))
            ? Scalar($"SELECT count(DISTINCT (\"partition\", \"offset\")) FROM {Files(topic)}")
            : 0;

    private string Files(string topic) => $"read_parquet('{_archive.Path}/{topic}/*/*/*.parquet')";

    private long EndOffsets(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.Kafka.BootstrapServers, GroupId = "archive-test-probe" }).Build();
        return Enumerable.Range(0, PipelineCluster.Partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    private static long Scalar(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
