using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Bench;

/// <summary>
/// <c>join</c>: a KStream–KStream windowed join through the <see cref="TopologyTestDriver"/>. <c>--records</c> records alternate
/// between the topics <c>left</c> and <c>right</c>, over <c>--keys</c> keys, event time <c>--spacing-ms</c> apart, 8-byte values;
/// <c>--join inner|left|outer</c> with a <c>--window-ms</c> time difference and no grace, its stores in memory or in RocksDB
/// (logged, as by default). Serialized before timing; piping, the join, its stores and changelogs, and reading every result
/// and changelog record (which the driver would otherwise keep) are timed. Commits every <c>--commit-every</c> records.
/// </summary>
internal static class JoinBench
{
    public const string Usage = "usage: Pulse.Bench join [--records 1000000] [--keys 1000] [--window-ms 60000] [--spacing-ms 10] " +
        "[--join inner|left|outer] [--store inmemory|rocksdb] [--runs 3] [--commit-every 10000]";
    private const string App = "join-bench";
    private const long StartMs = 1_700_000_000_000;

    public static int Run(IReadOnlyList<string> args)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["records"] = "1000000", ["keys"] = "1000", ["window-ms"] = "60000", ["spacing-ms"] = "10", ["join"] = "inner",
            ["store"] = "inmemory", ["runs"] = "3", ["commit-every"] = "10000",
        };
        if (NamedArgs.Parse(args, defaults, Usage) is not { } o) return 2;
        int Int(string name) => int.Parse(o[name], CultureInfo.InvariantCulture);
        var (records, keys, windowMs, spacingMs, runs, commitEvery) = (Int("records"), Int("keys"), Int("window-ms"), Int("spacing-ms"), Int("runs"), Int("commit-every"));
        var store = o["store"] == "rocksdb" ? StoreType.RocksDb : StoreType.InMemory;
        var join = o["join"];
        Console.WriteLine($"[join] {Report.Environment()}");
        var input = Input(records, keys, spacingMs);
        GC.Collect();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[join] {join} join, {records:N0} records ({records / 2:N0} a side) over {keys:N0} keys, {spacingMs} ms apart, window ±{windowMs:N0} ms, no grace, " +
            $"store {o["store"]}; RSS after input {ProcessMemory.WorkingSetMiB():F0} MiB"));
        var topology = Topology(join, TimeSpan.FromMilliseconds(windowMs), store);
        var rates = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var calibration = Calibration.NanosecondsPerOp();
            var (seconds, joined, changelog) = Once(topology, input, commitEvery);
            var rate = records / seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[join] {(run == 0 ? "warm-up" : $"run {run}")}: {rate,10:N0} records/s in {seconds:F2} s; {joined:N0} results ({joined / seconds:N0}/s), " +
                $"{changelog:N0} changelog records; calibration {calibration:F0} ns/op; managed heap after it {GC.GetTotalMemory(true) / (1024.0 * 1024.0):F0} MiB"));
            if (run > 0) rates.Add(rate);
        }
        rates.Sort();
        var median = rates[rates.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[join] median {median:N0} records/s over {runs} runs; peak RSS {ProcessMemory.PeakWorkingSetMiB():F0} MiB (input included)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT join type={join} store={o["store"]} records={records} records_per_s={median:F0}"));
        return 0;
    }

    private static Topology Topology(string join, TimeSpan window, StoreType store)
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream("left", Consumed.With(Serdes.String, Serdes.Int64));
        var right = builder.Stream("right", Consumed.With(Serdes.String, Serdes.Int64));
        var windows = JoinWindows.OfTimeDifferenceWithNoGrace(window);
        var joined = StreamJoined.With(Serdes.String, Serdes.Int64, Serdes.Int64).WithStoreType(store);
        var result = join switch
        {
            "inner" => left.Join(right, (a, b) => a + b, windows, joined),
            "left" => left.LeftJoin(right, (a, b) => a + b, windows, joined),
            "outer" => left.OuterJoin(right, (a, b) => a + b, windows, joined),
            _ => throw new ArgumentException($"unknown join '{join}'. {Usage}"),
        };
        result.To("out", Produced.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }

    private static (double Seconds, long Joined, long Changelog) Once(Topology topology, List<(bool Left, byte[] Key, byte[] Value, long At)> input, int commitEvery)
    {
        var options = new TopologyTestDriverOptions { CommitEveryRecord = false };
        using var driver = new TopologyTestDriver(topology, new StreamsConfig { ApplicationId = App }, DateTimeOffset.FromUnixTimeMilliseconds(StartMs), options);
        var left = driver.CreateInputTopic("left", Serdes.ByteArray, Serdes.ByteArray);
        var right = driver.CreateInputTopic("right", Serdes.ByteArray, Serdes.ByteArray);
        var outputs = new Dictionary<string, TestOutputTopic<int, int>>(StringComparer.Ordinal);
        long joined = 0, changelog = 0;
        void Drain()
        {
            foreach (var topic in driver.ProducedTopicNames)
            {
                if (!outputs.TryGetValue(topic, out var output)) outputs[topic] = output = driver.CreateOutputTopic(topic, CountingSerde.Instance, CountingSerde.Instance);
                var n = 0L;
                for (; !output.IsEmpty; n++) output.ReadValue();
                if (topic == "out") joined += n; else changelog += n;
            }
        }
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < input.Count; i++)
        {
            var (isLeft, key, value, at) = input[i];
            (isLeft ? left : right).PipeRawInput(key, value.ToArray(), DateTimeOffset.FromUnixTimeMilliseconds(at));
            if ((i + 1) % commitEvery == 0)
            {
                driver.Commit();
                Drain();
            }
        }
        driver.Commit();
        Drain();
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, joined, changelog);
    }

    /// <summary>Record i: left when i is even, key "k{(i / 2) % keys}", event time start + i × spacing, value i as 8 bytes.</summary>
    private static List<(bool Left, byte[] Key, byte[] Value, long At)> Input(int records, int keys, int spacingMs)
    {
        var keyBytes = Enumerable.Range(0, keys).Select(k => Encoding.UTF8.GetBytes($"k{k}")).ToArray();
        var list = new List<(bool, byte[], byte[], long)>(records);
        for (var i = 0; i < records; i++)
            list.Add((i % 2 == 0, keyBytes[i / 2 % keys], Serdes.Int64.Serialize(i, default)!, StartMs + (long)i * spacingMs));
        return list;
    }
}
