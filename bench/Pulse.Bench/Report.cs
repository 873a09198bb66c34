using System.Runtime;
using System.Runtime.InteropServices;

namespace Pulse.Bench;

/// <summary>Prints runs and the result table.</summary>
internal static class Report
{
    public const double TargetRecordsPerSecond = 400_000;
    public const double TargetPeakMiB = 250;

    public static string Environment() =>
        $"{RuntimeInformation.FrameworkDescription}, {System.Environment.ProcessorCount} cores, " +
        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, concurrent={AppContext.TryGetSwitch("System.GC.Concurrent", out var c) && c}, " +
        $"TieredPGO={System.Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "csproj"}";

    public static string Describe(RunResult r, int records) =>
        $"{r.RecordsPerSecond,10:N0} rec/s in {r.Seconds:F2} s, {r.RecordsPerCpuSecond(records):N0} rec/CPU-s (pipe {r.PipeSeconds:F2}, commit {r.CommitSeconds:F2}, drain {r.DrainSeconds:F2}; GC pauses {r.GcPauseSeconds:F2}); " +
        $"{r.AllocatedBytesPerRecord(records):N0} B/rec allocated, GCs {r.Gen0}/{r.Gen1}/{r.Gen2}; " +
        $"out: stats {r.Stats:N0}, high {r.High:N0}, low {r.Low:N0}, changelog {r.Changelog:N0}";

    public static void PrintTable(IReadOnlyList<VariantResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| store    | records/s (median) | rec/CPU-s | min–max rec/s       | peak MiB | RSS after input MiB | alloc B/rec | commit % | drain % | GC pause % |");
        Console.WriteLine("|----------|-------------------:|----------:|---------------------|---------:|--------------------:|------------:|---------:|--------:|-----------:|");
        foreach (var v in results)
        {
            var m = v.Median;
            var min = v.Runs.Min(r => r.RecordsPerSecond);
            var max = v.Runs.Max(r => r.RecordsPerSecond);
            Console.WriteLine($"| {v.Store,-8} | {m.RecordsPerSecond,18:N0} | {m.RecordsPerCpuSecond(v.Records),9:N0} | {min,8:N0}–{max,-10:N0} | {v.PeakMiB,8:F0} | {v.RssAfterInputMiB,19:F0} | " +
                $"{m.AllocatedBytesPerRecord(v.Records),11:N0} | {100 * m.CommitSeconds / m.Seconds,8:F1} | {100 * m.DrainSeconds / m.Seconds,7:F1} | {100 * m.GcPauseSeconds / m.Seconds,10:F1} |");
        }
        Console.WriteLine($"targets: >= {TargetRecordsPerSecond:N0} rec/s (RocksDB + caching), in-memory faster, peak < {TargetPeakMiB:F0} MiB; Streamiz reference ~65,000 rec/s, 666 MB");
        Console.WriteLine();
    }
}
