using Pulse.Host.Postgres;
using Pulse.Host.Sink.Internal;

namespace Pulse.Bench;

/// <summary>
/// <c>sink</c>: how fast the Postgres sink writes readings, on one private PostgreSQL in one run.
/// Each round runs, one after the other, so that all see the machine in the same mood:
/// <list type="bullet">
/// <item>binary COPY through the sink's <see cref="BatchWriter"/>, batches of <see cref="SinkBenchOptions.Batch"/>
/// readings, each one transaction with its offsets: straight into the table (the sink's usual path),
/// then via staging + INSERT … ON CONFLICT DO NOTHING (its path when rows may be there already);</item>
/// <item>one-row INSERTs: a prepared <c>INSERT … ON CONFLICT DO NOTHING</c> per reading, autocommit
/// (the baseline of the ratio), then the same with the reading's offset upserted in its transaction
/// (one-row writes with the sink's guarantee).</item>
/// </list>
/// The first round warms up. Then, once, the whole sink end to end through the embedded Kafka
/// cluster. Every variant writes into a fresh database.
/// </summary>
internal static class SinkBench
{
    public const double TargetReadingsPerSecond = 100_000;
    public const double TargetRatio = 20;

    private static readonly string[] Variants =
    [
        "binary COPY into the table, offsets in the transaction",
        "binary COPY into staging + INSERT … ON CONFLICT DO NOTHING, offsets in the transaction",
        "one-row INSERT, autocommit",
        "one-row INSERT + offset upsert, one transaction per reading",
    ];

    /// <summary>Parses the options (printing the usage when they are wrong) and runs.</summary>
    public static int Start(IReadOnlyList<string> args)
    {
        SinkBenchOptions options;
        try
        {
            options = SinkBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(SinkBenchOptions.Usage);
            return 2;
        }
        return Run(options);
    }

    private static int Run(SinkBenchOptions o)
    {
        Console.WriteLine($"[sink] {Report.Environment()}, machine '{Environment.MachineName}'");
        using var server = LocalPostgres.StartNew(new LocalPostgresOptions { Settings = o.Durable ? new Dictionary<string, string>() : LocalPostgresOptions.Throwaway });
        Console.WriteLine($"[sink] PostgreSQL from {server.BinDirectory}, {(o.Durable ? "durable defaults (fsync, synchronous commit)" : "throwaway (fsync off)")}; " +
                          $"COPY runs of {o.Readings:N0} readings in batches of {o.Batch:N0}, INSERT runs of {o.InsertSeconds} s");
        var runs = new SinkBenchRuns(server);
        var results = Variants.Select(_ => new List<SinkRun>()).ToArray();
        var ratios = new List<double>();
        for (var round = 0; round <= o.Runs; round++)
        {
            var name = round == 0 ? "warm-up" : $"round {round}";
            Console.WriteLine($"[sink] {name}: calibration {Calibration.NanosecondsPerOp():F0} ns/op");
            SinkRun[] measured =
            [
                runs.Copy(o.Readings, o.Batch, direct: true),
                runs.Copy(o.Readings, o.Batch, direct: false),
                runs.Insert(TimeSpan.FromSeconds(o.InsertSeconds), withOffsets: false),
                runs.Insert(TimeSpan.FromSeconds(o.InsertSeconds), withOffsets: true),
            ];
            for (var v = 0; v < Variants.Length; v++)
            {
                Console.WriteLine($"[sink] {name}: {Variants[v]}: {Describe(measured[v])}");
                if (round > 0) results[v].Add(measured[v]);
            }
            Console.WriteLine($"[sink] {name}: COPY / one-row INSERT = {measured[0].ReadingsPerSecond / measured[2].ReadingsPerSecond:F1}x");
            if (round > 0) ratios.Add(measured[0].ReadingsPerSecond / measured[2].ReadingsPerSecond);
        }
        SinkRun? endToEnd = o.EndToEnd > 0 ? SinkEndToEnd.Run(server, runs.NewDatabase(), o.EndToEnd, o.Batch) : null;

        Console.WriteLine();
        Console.WriteLine($"| variant | readings/s, median of {o.Runs} (min–max) | µs CPU per reading: client + server | readings per CPU-second |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var v = 0; v < Variants.Length; v++)
            Console.WriteLine(Row(Variants[v], results[v]));
        if (endToEnd is { } e2e)
            Console.WriteLine(Row($"end to end: {o.EndToEnd:N0} readings, Kafka → the whole sink → PostgreSQL (one run; client CPU includes the embedded brokers)", [e2e]));
        var copy = Median(results[0].Select(r => r.ReadingsPerSecond));
        var ratio = Median(ratios);
        Console.WriteLine();
        Console.WriteLine($"COPY / one-row INSERT, per round: {string.Join(", ", ratios.Select(r => $"{r:F1}x"))}; median {ratio:F1}x");
        Console.WriteLine($"targets: COPY >= {TargetReadingsPerSecond:N0} readings/s: {(copy >= TargetReadingsPerSecond ? "met" : "MISSED")} ({copy:N0}); " +
                          $">= {TargetRatio:F0}x one-row INSERTs: {(ratio >= TargetRatio ? "met" : "MISSED")} ({ratio:F1}x)");
        return 0;
    }

    private static string Describe(SinkRun r) =>
        $"{r.ReadingsPerSecond,10:N0} readings/s; CPU {r.ClientCpuMicros:F1} + {r.ServerCpuMicros:F1} µs/reading";

    private static string Row(string variant, IReadOnlyList<SinkRun> runs) =>
        $"| {variant} | {Median(runs.Select(r => r.ReadingsPerSecond)):N0} ({runs.Min(r => r.ReadingsPerSecond):N0}–{runs.Max(r => r.ReadingsPerSecond):N0}) | " +
        $"{Median(runs.Select(r => r.ClientCpuMicros)):F1} + {Median(runs.Select(r => r.ServerCpuMicros)):F1} | {Median(runs.Select(r => r.ReadingsPerCpuSecond)):N0} |";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
