using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Host.Archive;
using Pulse.Host.Batch;
using Pulse.Schemas;
using Pulse.Schemas.Registry;

namespace Pulse.Bench;

/// <summary>
/// <c>archive</c>: the archiver's write path and the batch job (docs/ARCHIVE.md). (1) Enriched readings as the archiver
/// receives them (Avro records of 6 partitions, three hours of timestamps) buffered, written as Zstandard Parquet files and
/// published (flushed to disk and renamed), the commit included: readings/s. (2) <c>pulse batch daily</c>'s computation
/// (DuckDB) over a day of <c>--batch-readings</c> archived readings: seconds.
/// </summary>
internal static class ArchiveBench
{
    public const string Usage = "usage: Pulse.Bench archive [--readings 1000000] [--batch-readings 10000000] [--runs 3] [--dir DIR]";
    private const int Partitions = 6, Patients = 1_000;
    private static readonly DateTime Day = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);

    public static int Run(IReadOnlyList<string> args)
    {
        if (NamedArgs.Parse(args, new Dictionary<string, string>(StringComparer.Ordinal) { ["readings"] = "1000000", ["batch-readings"] = "10000000", ["runs"] = "3", ["dir"] = "" }, Usage) is not { } o) return 2;
        var readings = int.Parse(o["readings"], CultureInfo.InvariantCulture);
        var batchReadings = int.Parse(o["batch-readings"], CultureInfo.InvariantCulture);
        var root = o["dir"].Length > 0 ? o["dir"] : Path.Combine(Path.GetTempPath(), "pulse-bench-archive-" + Guid.NewGuid().ToString("N")[..8]);
        Console.WriteLine($"[archive] {Report.Environment()}; files in {root}");
        try
        {
            var input = Records(readings, TimeSpan.FromHours(3));
            var rates = new List<double>();
            for (var run = 0; run <= int.Parse(o["runs"], CultureInfo.InvariantCulture); run++)
            {
                var directory = Path.Combine(root, $"run-{run}");
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var (seconds, files, bytes) = Archive(input, directory);
                Directory.Delete(directory, recursive: true);
                if (run == 0)
                {
                    Console.WriteLine($"[archive] warm-up: {seconds:F2} s");
                    continue;
                }
                rates.Add(readings / seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[archive] run {run}: {readings / seconds,10:N0} readings/s ({seconds:F2} s; {files} files, {bytes / 1048576.0:F1} MiB, {bytes / (double)readings:F1} B a reading)"));
            }
            rates.Sort();
            var archiveRate = rates[rates.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[archive] median {archiveRate:N0} readings/s; target 150,000: {(archiveRate >= 150_000 ? "met" : "NOT met")}"));

            var day = Path.Combine(root, "batch");
            var written = Stopwatch.StartNew();
            Console.WriteLine($"[batch] writing {batchReadings:N0} readings of one day ({Patients:N0} patients) into {day}…");
            for (var done = 0; done < batchReadings; done += 2_000_000)
                Archive(Records(Math.Min(2_000_000, batchReadings - done), TimeSpan.FromDays(1), offset: done, total: batchReadings), day);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[batch] written in {written.Elapsed.TotalSeconds:F1} s"));
            var times = new List<double>();
            for (var run = 0; run <= 3; run++)
            {
                var clock = Stopwatch.StartNew();
                var rows = DailyBatch.Compute(DailyBatch.Files(day, "batch", DateOnly.FromDateTime(Day)), DateOnly.FromDateTime(Day));
                var seconds = clock.Elapsed.TotalSeconds;
                if (run == 0) continue;
                times.Add(seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[batch] run {run}: {seconds:F2} s for {rows.Sum(r => r.ReadingCount):N0} readings, {rows.Count:N0} patients"));
            }
            times.Sort();
            var batchSeconds = times[times.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[batch] median {batchSeconds:F2} s; target under 10 s: {(batchSeconds < 10 ? "met" : "NOT met")}; peak RSS {ProcessMemory.PeakWorkingSetMiB():F0} MiB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT archive readings_per_s={archiveRate:F0} batch_readings={batchReadings} batch_seconds={batchSeconds:F2}"));
            return 0;
        }
        finally
        {
            if (o["dir"].Length == 0 && Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Buffers every record by partition, flushing a partition's files at 64 MiB, then flushes the rest: the archiver's path without Kafka.</summary>
    private static (double Seconds, int Files, long Bytes) Archive(List<ConsumeResult<byte[], byte[]>> input, string directory)
    {
        var storage = new LocalArchiveStorage(directory);
        var flusher = new ArchiveFlusher(storage, new ArchiveOptions().RowGroupRows);
        var registry = InProcessSchemaRegistry.Seeded();
        var buffers = new Dictionary<TopicPartition, PartitionBuffer>();
        var limit = new ArchiveOptions().RollBytes;
        var files = 0;
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        foreach (var record in input)
        {
            if (!buffers.TryGetValue(record.TopicPartition, out var buffer))
                buffers[record.TopicPartition] = buffer = new PartitionBuffer(record.TopicPartition, () => new EnrichedRows(AvroSerdes.Deserializer<EnrichedReading>(registry), record.Topic));
            buffer.Add(record, now);
            if (buffer.Bytes < limit) continue;
            files += flusher.FlushAsync(buffer, CancellationToken.None).GetAwaiter().GetResult().Count;
            buffer.Clear();
        }
        foreach (var buffer in buffers.Values)
            files += flusher.FlushAsync(buffer, CancellationToken.None).GetAwaiter().GetResult().Count;
        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = Directory.EnumerateFiles(directory, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return (seconds, files, bytes);
    }

    /// <summary>
    /// <paramref name="count"/> enriched readings as Avro records of <see cref="Partitions"/> partitions, the ones from <paramref name="offset"/>
    /// of <paramref name="total"/> (or of <paramref name="count"/>) spread evenly over <paramref name="span"/> from midnight.
    /// </summary>
    private static List<ConsumeResult<byte[], byte[]>> Records(int count, TimeSpan span, int offset = 0, int total = 0)
    {
        var serializer = AvroSerdes.Serializer<EnrichedReading>(InProcessSchemaRegistry.Seeded());
        var context = new SerializationContext(MessageComponentType.Value, "batch");
        var random = new Random(42 + offset);
        var list = new List<ConsumeResult<byte[], byte[]>>(count);
        var step = span.TotalMilliseconds / (total > 0 ? total : count);
        for (var i = 0; i < count; i++)
        {
            var n = offset + i;
            var at = Day.AddMilliseconds((offset + i) * step);
            var patient = $"P-{n % Patients:D5}";
            var news2 = random.Next(0, 10);
            var reading = new VitalReading
            {
                patient_id = patient, timestamp = at, device_id = "DEV-" + patient, heart_rate = random.Next(50, 140), spo2 = random.Next(88, 100),
                systolic_bp = random.Next(90, 160), diastolic_bp = random.Next(50, 95), respiratory_rate = random.Next(10, 30),
                temperature = 36 + random.NextDouble() * 3, consciousness = Consciousness.ALERT, on_oxygen = false, latitude = 51.5, longitude = -0.12,
            };
            var value = serializer.Serialize(new EnrichedReading
            {
                reading = reading, news2_score = news2, news2_risk = news2 >= 7 ? News2Risk.HIGH : news2 >= 5 ? News2Risk.MEDIUM : news2 > 0 ? News2Risk.LOW : News2Risk.NONE,
                status = VitalStatus.NORMAL, news2_complete = true, rolling_count = 1,
            }, context);
            list.Add(new ConsumeResult<byte[], byte[]>
            {
                TopicPartitionOffset = new TopicPartitionOffset("batch", n % Partitions, n / Partitions),
                Message = new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(patient), Value = value, Timestamp = new Timestamp(at, TimestampType.CreateTime) },
            });
        }
        return list;
    }
}
