using Pulse.Streams.Serialization;
using System.Diagnostics;
using System.Globalization;
using pulse.vitals;
using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Vitals;

namespace Pulse.Bench.Vitals;

/// <summary>
/// The whole vitals topology through the <see cref="TopologyTestDriver"/> (issue 5's benchmark):
/// Avro readings piped in batches (each batch generated and serialized outside the timed work, its
/// time, CPU and allocations subtracted), a commit after each batch, every output drained and counted. Prints records/s per run, the median, and the process's peak resident memory.
/// </summary>
internal static class VitalsBench
{
    public const string Usage = """
        vitals [--records N] [--patients N] [--runs N] [--warmups N] [--commit-every N] [--store rocksdb|inmemory]
          the vitals topology through the TopologyTestDriver (defaults: 1,000,000 readings, 1,000 patients, 3 runs, 1 warm-up, commit every 10,000, rocksdb)
        """;

    public static int Run(string[] args)
    {
        int records = 1_000_000, patients = 1_000, runs = 3, warmups = 1, commitEvery = 10_000;
        var store = StoreType.RocksDb;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--records": records = Positive(args[i], value); break;
                case "--patients": patients = Positive(args[i], value); break;
                case "--runs": runs = Positive(args[i], value); break;
                case "--warmups": warmups = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--commit-every": commitEvery = Positive(args[i], value); break;
                case "--store":
                    store = value switch
                    {
                        "rocksdb" => StoreType.RocksDb,
                        "inmemory" => StoreType.InMemory,
                        _ => throw new ArgumentException($"--store must be rocksdb or inmemory; got '{value}'."),
                    };
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        Console.WriteLine($"[vitals] {Report.Environment()}");
        var input = new VitalsInput(records, patients);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var reset = ProcessMemory.ResetPeak();
        Console.WriteLine($"[vitals] {records:N0} Avro readings over {patients:N0} patients, generated in batches of {commitEvery:N0} outside the timed work; RSS before the runs {ProcessMemory.WorkingSetMiB():F0} MiB{(reset ? "" : " (could not reset the peak)")}");

        var options = new VitalsOptions();
        var topology = VitalsTopology.Build(options, VitalsSerdes.Create(InProcessSchemaRegistry.Seeded()), store);
        var rates = new List<double>();
        for (var i = 0; i < warmups + runs; i++)
        {
            var calibration = Calibration.NanosecondsPerOp();
            var r = Execute(topology, options.Topics, input, commitEvery);
            var label = i < warmups ? "warm-up" : $"run {i - warmups + 1}";
            Console.WriteLine($"[vitals] {label}: {r.RecordsPerSecond:N0} readings/s ({r.Seconds:F2} s, {r.CpuSeconds:F2} CPU-s, {r.AllocatedBytes / (double)records:N0} B/reading allocated, gen0/1/2 {r.Gen0}/{r.Gen1}/{r.Gen2}); " +
                $"out: enriched {r.Enriched:N0}, invalid {r.Invalid:N0}, stats {r.Stats:N0}, notify {r.Notify:N0}, dispatch {r.Dispatch:N0}, changelogs {r.ChangelogRecords:N0} records / {r.ChangelogBytes / 1048576.0:F0} MiB; calibration {calibration:F0} ns/op");
            if (i == 0) Console.WriteLine($"[vitals] input: {input.ValueBytes / 1048576.0:F1} MiB of Avro values, {input.Invalid:N0} with artefacts");
            if (r.Enriched + r.Invalid != records || r.Invalid != input.Invalid)
                throw new InvalidOperationException($"Lost readings: {r.Enriched:N0} enriched + {r.Invalid:N0} invalid of {records:N0} ({input.Invalid:N0} artefacts).");
            if (i >= warmups) rates.Add(r.RecordsPerSecond);
            GC.Collect();
        }
        rates.Sort();
        Console.WriteLine($"[vitals] {(store == StoreType.RocksDb ? "rocksdb" : "inmemory")}: median {rates[rates.Count / 2]:N0} readings/s (min {rates[0]:N0}, max {rates[^1]:N0}) over {runs} runs; peak RSS {ProcessMemory.PeakWorkingSetMiB():F0} MiB (from before the first run)");
        return 0;
    }

    internal sealed record Result(double Seconds, double RecordsPerSecond, double CpuSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2,
        long Enriched, long Invalid, long Stats, long Notify, long Dispatch, long ChangelogRecords, long ChangelogBytes);

    internal static Result Execute(Topology topology, VitalsTopics topics, VitalsInput input, int commitEvery)
    {
        var config = new StreamsConfig { ApplicationId = "vitals-bench" };
        // The wall clock stands at the last reading: validation rejects readings more than 5 min ahead of it, and the input spans
        // one reading per ms (1M readings, about 17 min of event time).
        using var driver = new TopologyTestDriver(topology, config, DateTimeOffset.FromUnixTimeMilliseconds(VitalsInput.TimestampOf(input.Count - 1)),
            new TopologyTestDriverOptions { CommitEveryRecord = false });
        var source = driver.CreateInputTopic(topics.Raw, Serdes.ByteArray, Serdes.ByteArray);
        var named = new[] { topics.Enriched, topics.Invalid, topics.Stats, topics.Notify, topics.Dispatch };
        var drained = new Dictionary<string, (TestOutputTopic<int, int> Topic, long Records, long Bytes)>(StringComparer.Ordinal);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        input.Restart();
        var values = new byte[commitEvery][];
        var excluded = 0L; // generating the next batch is not the topology's work
        var cpuExcluded = TimeSpan.Zero;
        var allocExcluded = 0L;
        for (var batch = 0; batch < input.Count; batch += commitEvery)
        {
            var g0 = Stopwatch.GetTimestamp();
            var c0 = Process.GetCurrentProcess().TotalProcessorTime;
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            var n = input.NextBatch(values);
            allocExcluded += GC.GetAllocatedBytesForCurrentThread() - a0;
            cpuExcluded += Process.GetCurrentProcess().TotalProcessorTime - c0;
            excluded += Stopwatch.GetTimestamp() - g0;
            for (var k = 0; k < n; k++)
            {
                var i = batch + k;
                source.PipeRawInput(input.KeyOf(i), values[k], DateTimeOffset.FromUnixTimeMilliseconds(VitalsInput.TimestampOf(i)));
            }
            driver.Commit();
            // Every topic the topology wrote, changelogs included, is drained as a consumer (or Kafka) would take it.
            foreach (var name in driver.ProducedTopicNames)
            {
                if (!drained.TryGetValue(name, out var d)) d = (driver.CreateOutputTopic(name, CountingSerde.Instance, CountingSerde.Instance), 0, 0);
                while (!d.Topic.IsEmpty)
                {
                    d.Bytes += d.Topic.ReadValue();
                    d.Records++;
                }
                drained[name] = d;
            }
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds - (double)excluded / Stopwatch.Frequency;
        return new Result(seconds, input.Count / seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu - cpuExcluded).TotalSeconds,
            GC.GetAllocatedBytesForCurrentThread() - allocated - allocExcluded, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2,
            Count(named[0]), Count(named[1]), Count(named[2]), Count(named[3]), Count(named[4]),
            drained.Where(kv => kv.Key.EndsWith("-changelog", StringComparison.Ordinal)).Sum(kv => kv.Value.Records),
            drained.Where(kv => kv.Key.EndsWith("-changelog", StringComparison.Ordinal)).Sum(kv => kv.Value.Bytes));

        long Count(string topic) => drained.TryGetValue(topic, out var d) ? d.Records : 0;
    }

    private static int Positive(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} must be a positive integer; got '{value}'.");
}
