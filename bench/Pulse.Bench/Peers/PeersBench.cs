using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pulse.Streams.Dsl;

namespace Pulse.Bench.Peers;

/// <summary>
/// <c>peers</c>: Pulse beside the floor (the same work by hand) and beside Streamiz.Kafka.Net 1.8.2, in one invocation.
/// Every variant runs in its own child process (so peak memory is its own), and the variants take turns round by round
/// (so a slow spell of the machine hits them alike). Prints each variant's figures, the ratios of each round and their
/// medians against the targets, and a RESULT line.
/// </summary>
internal static class PeersBench
{
    public const string Usage = """
        peers [--rounds N] [--records N] [--keys N] [--commit-every N] [--cluster-records N] [--vitals-records N] [--only LIST]
          Pulse against the hand-written floor and Streamiz 1.8.2, each variant in its own process, interleaved over rounds
          (defaults: 3 rounds; 1,000,000 records over 1,000 keys in the drivers, a commit every 10,000; 500,000 on the embedded
          cluster; 1,000,000 vitals readings). Variants: floor, pulse-driver, streamiz-driver, pulse-cluster-alos,
          streamiz-cluster-alos, pulse-cluster-eos, streamiz-cluster-eos, vitals-floor, vitals-pulse (--only picks some).
        """;

    private static readonly string[] AllVariants =
    [
        "floor", "pulse-driver", "streamiz-driver",
        "pulse-cluster-alos", "streamiz-cluster-alos", "pulse-cluster-eos", "streamiz-cluster-eos",
        "vitals-floor", "vitals-pulse",
    ];

    /// <summary>Each ratio: its name, numerator, denominator, and the least it should be.</summary>
    private static readonly (string Name, string Of, string Over, double Target)[] RatioTargets =
    [
        ("pulse-driver / floor", "pulse-driver", "floor", 0.5),
        ("pulse-driver / streamiz-driver", "pulse-driver", "streamiz-driver", 10),
        ("pulse-cluster-alos / streamiz-cluster-alos", "pulse-cluster-alos", "streamiz-cluster-alos", 5),
        ("pulse-cluster-eos / streamiz-cluster-eos", "pulse-cluster-eos", "streamiz-cluster-eos", 5),
        ("vitals-pulse / vitals-floor", "vitals-pulse", "vitals-floor", 0.5),
    ];

    /// <summary>Peak memory limits (MiB) and allocation limits (B/record).</summary>
    private static readonly Dictionary<string, double> PeakTargets = new() { ["pulse-driver"] = 200, ["vitals-pulse"] = 250 };
    private static readonly Dictionary<string, double> AllocationTargets = new() { ["pulse-driver"] = 300 };

    public static int Run(string[] args)
    {
        var o = PeersOptions.Parse(args);
        Console.WriteLine($"[peers] {Report.Environment()}; {o.Rounds} round(s) of {string.Join(", ", o.Variants)}");
        var results = new Dictionary<string, List<PeerResult>>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            Console.WriteLine($"[peers] round {round} of {o.Rounds}, calibration {Calibration.NanosecondsPerOp():F0} ns/op");
            foreach (var variant in o.Variants)
            {
                var r = RunChild(variant, o);
                if (r is null) return 1;
                Console.WriteLine($"[peers]   {Line(r)}");
                (results.TryGetValue(variant, out var list) ? list : results[variant] = []).Add(r);
            }
        }
        Console.WriteLine();
        PrintVariants(results);
        var summary = Summarize(results, o.Rounds);
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(summary, PeerJsonContext.Default.PeersSummary));
        return 0;
    }

    /// <summary>The child's side: one variant, one warm-up and one timed pass; prints a RESULT line.</summary>
    public static int RunChild(string[] args)
    {
        var variant = args[0];
        var o = PeersOptions.Parse(args[1..]);
        PeerResult result;
        if (variant.StartsWith("vitals-", StringComparison.Ordinal))
        {
            result = variant == "vitals-floor" ? VitalsPeers.Floor(o.VitalsRecords, o.Keys, o.CommitEvery) : VitalsPeers.Pulse(o.VitalsRecords, o.Keys, o.CommitEvery);
        }
        else if (variant.Contains("-cluster-", StringComparison.Ordinal))
        {
            var input = InputData.Generate(o.ClusterRecords, o.Keys);
            result = ClusterPeers.Run(variant, input, exactlyOnce: variant.EndsWith("-eos", StringComparison.Ordinal), streamiz: variant.StartsWith("streamiz", StringComparison.Ordinal));
        }
        else
        {
            var input = InputData.Generate(o.Records, o.Keys);
            var warmup = InputData.Generate(Math.Max(o.CommitEvery, o.Records / 10), o.Keys, seed: 7);
            GC.Collect();
            result = variant switch
            {
                "floor" => DriverPeers.Floor(input, warmup, o.CommitEvery),
                "pulse-driver" => DriverPeers.Pulse(input, warmup, o.CommitEvery, StoreType.RocksDb),
                "pulse-driver-inmemory" => DriverPeers.Pulse(input, warmup, o.CommitEvery, StoreType.InMemory),
                "streamiz-driver" => DriverPeers.Streamiz(input, warmup, o.CommitEvery),
                _ => throw new ArgumentException($"Unknown variant '{variant}'."),
            };
        }
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result, PeerJsonContext.Default.PeerResult));
        return 0;
    }

    private static PeerResult? RunChild(string variant, PeersOptions o)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate this executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PeersBench).Assembly.Location);
        foreach (var a in o.ToChildArgs(variant)) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        PeerResult? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                result = JsonSerializer.Deserialize(line["RESULT ".Length..], PeerJsonContext.Default.PeerResult);
            else if (line.Length > 0)
                Console.WriteLine($"[peers]     {variant}: {line}");
        }
        process.WaitForExit();
        if (process.ExitCode == 0 && result is not null) return result;
        Console.Error.WriteLine($"[peers] {variant} failed (exit code {process.ExitCode}).");
        return null;
    }

    private static string Line(PeerResult r) =>
        $"{r.Variant,-22} {r.RecordsPerSecond,11:N0} rec/s  ({r.Records:N0} in {r.Seconds:F2} s, {r.CpuSeconds:F2} CPU-s" +
        (r.AllocatedBytesPerRecord >= 0 ? $", {r.AllocatedBytesPerRecord:N0} B/rec" : "") + $", peak {r.PeakMiB:F0} MiB; {r.Detail})";

    private static void PrintVariants(Dictionary<string, List<PeerResult>> results)
    {
        Console.WriteLine("| variant                | records/s (median) | min–max               | CPU-s (median) | alloc B/rec | peak MiB |");
        Console.WriteLine("|------------------------|-------------------:|-----------------------|---------------:|------------:|---------:|");
        foreach (var (variant, runs) in results)
        {
            var median = Median(runs.Select(r => r.RecordsPerSecond));
            var alloc = Median(runs.Select(r => r.AllocatedBytesPerRecord));
            Console.WriteLine($"| {variant,-22} | {median,18:N0} | {runs.Min(r => r.RecordsPerSecond),9:N0}–{runs.Max(r => r.RecordsPerSecond),-11:N0} | " +
                $"{Median(runs.Select(r => r.CpuSeconds)),14:F2} | {(alloc >= 0 ? alloc.ToString("N0", CultureInfo.InvariantCulture) : "–"),11} | {runs.Max(r => r.PeakMiB),8:F0} |");
        }
        Console.WriteLine();
    }

    private static PeersSummary Summarize(Dictionary<string, List<PeerResult>> results, int rounds)
    {
        var ratios = new Dictionary<string, IReadOnlyList<double>>();
        var met = new Dictionary<string, bool>();
        Console.WriteLine("| ratio (same round)                         | per round                      | median | best  | target   |");
        Console.WriteLine("|--------------------------------------------|--------------------------------|-------:|------:|----------|");
        foreach (var (name, of, over, target) in RatioTargets)
        {
            if (!results.TryGetValue(of, out var a) || !results.TryGetValue(over, out var b)) continue;
            var perRound = Enumerable.Range(0, rounds).Select(i => a[i].RecordsPerSecond / b[i].RecordsPerSecond).ToList();
            ratios[name] = perRound;
            var median = Median(perRound);
            met[name] = median >= target;
            Console.WriteLine($"| {name,-42} | {string.Join(" ", perRound.Select(x => x.ToString("F2", CultureInfo.InvariantCulture))),-30} | {median,6:F2} | {perRound.Max(),5:F2} | ≥ {target,-4} {(met[name] ? "met" : "NOT met")} |");
        }
        foreach (var (variant, limit) in PeakTargets)
            if (results.TryGetValue(variant, out var runs))
            {
                var peak = runs.Max(r => r.PeakMiB);
                met[$"{variant} peak MiB"] = peak < limit;
                Console.WriteLine($"peak memory of {variant}: {peak:F0} MiB (target < {limit:F0}: {(peak < limit ? "met" : "NOT met")})");
            }
        foreach (var (variant, limit) in AllocationTargets)
            if (results.TryGetValue(variant, out var runs))
            {
                var alloc = Median(runs.Select(r => r.AllocatedBytesPerRecord));
                met[$"{variant} B/rec"] = alloc <= limit;
                Console.WriteLine($"allocated by {variant}: {alloc:N0} B/record (target ≤ {limit:F0}: {(alloc <= limit ? "met" : "NOT met")})");
            }
        return new PeersSummary(
            results.ToDictionary(kv => kv.Key, kv => Math.Round(Median(kv.Value.Select(r => r.RecordsPerSecond)))),
            results.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value.Max(r => r.PeakMiB), 1)),
            results.ToDictionary(kv => kv.Key, kv => Math.Round(Median(kv.Value.Select(r => r.AllocatedBytesPerRecord)))),
            ratios.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value.Select(x => Math.Round(x, 3)).ToList()),
            met);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The command line of <c>peers</c> (and of its children, which get the same flags after the variant).</summary>
    private sealed record PeersOptions(int Rounds, int Records, int Keys, int CommitEvery, int ClusterRecords, int VitalsRecords, IReadOnlyList<string> Variants)
    {
        public static PeersOptions Parse(string[] args)
        {
            var o = new PeersOptions(3, 1_000_000, 1_000, 10_000, 500_000, 1_000_000, AllVariants);
            for (var i = 0; i < args.Length; i += 2)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                o = args[i] switch
                {
                    "--rounds" => o with { Rounds = Positive(args[i], value) },
                    "--records" => o with { Records = Positive(args[i], value) },
                    "--keys" => o with { Keys = Positive(args[i], value) },
                    "--commit-every" => o with { CommitEvery = Positive(args[i], value) },
                    "--cluster-records" => o with { ClusterRecords = Positive(args[i], value) },
                    "--vitals-records" => o with { VitalsRecords = Positive(args[i], value) },
                    "--only" => o with { Variants = ParseVariants(value) },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            return o;
        }

        public IEnumerable<string> ToChildArgs(string variant) =>
        [
            "peers-child", variant, "--records", Num(Records), "--keys", Num(Keys), "--commit-every", Num(CommitEvery),
            "--cluster-records", Num(ClusterRecords), "--vitals-records", Num(VitalsRecords),
        ];

        private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

        private static string[] ParseVariants(string value)
        {
            var list = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var v in list)
                if (!AllVariants.Contains(v) && v != "pulse-driver-inmemory")
                    throw new ArgumentException($"--only: unknown variant '{v}'; one of {string.Join(", ", AllVariants)}, pulse-driver-inmemory.");
            return list;
        }

        private static int Positive(string flag, string value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} must be a positive integer; got '{value}'.");
    }
}
