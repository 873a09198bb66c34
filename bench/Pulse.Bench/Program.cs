using System.Diagnostics;
using System.Text.Json;
using Pulse.Bench;
using Pulse.Streams.Dsl;

if (args is ["micro", ..])
{
    Micro.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300_000);
    return 0;
}

if (args is ["vitals", ..]) return WithUsage(() => Pulse.Bench.Vitals.VitalsBench.Run(args[1..]), Pulse.Bench.Vitals.VitalsBench.Usage);

if (args is ["avro", ..]) return WithUsage(() => AvroBench.Run(args[1..]), AvroBench.Usage);

if (args is ["sink", ..]) return SinkBench.Start(args[1..]);

if (args is ["demo", ..]) return DemoBench.Run(args[1..]);

if (args is ["peers-child", _, ..]) return Pulse.Bench.Peers.PeersBench.RunChild(args[1..]);
if (args is ["peers", ..]) return WithUsage(() => Pulse.Bench.Peers.PeersBench.Run(args[1..]), Pulse.Bench.Peers.PeersBench.Usage);

if (args is ["dispatch", ..]) return DispatchBench.Run(args[1..]);
if (args is ["join", ..]) return JoinBench.Run(args[1..]);
if (args is ["archive", ..]) return ArchiveBench.Run(args[1..]);

if (args is ["fkjoin", ..]) return FkJoinBench.Run(args[1..]);

if (args is ["dashboard", ..]) return await DashboardBench.RunAsync(args[1..]);

if (args is ["runtime", ..])
{
    try
    {
        return RuntimeBench.Run(RuntimeOptions.Parse(args[1..]));
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(RuntimeOptions.Usage);
        return 2;
    }
}

if (args.Length == 0 || args[0] != "reference")
{
    Console.Error.WriteLine(BenchOptions.Usage);
    Console.Error.WriteLine(RuntimeOptions.Usage);
    Console.Error.WriteLine(Pulse.Bench.Vitals.VitalsBench.Usage);
    Console.Error.WriteLine(AvroBench.Usage);
    Console.Error.WriteLine(FkJoinBench.Usage);
    Console.Error.WriteLine(Pulse.Bench.Peers.PeersBench.Usage);
    return 2;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args[1..]);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Store != "both")
{
    var result = RunVariant(options);
    Report.PrintTable([result]);
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(result, ResultJsonContext.Default.VariantResult));
    return 0;
}

// Each store in its own process, so peak working sets do not mix.
var results = new List<VariantResult>();
foreach (var store in new[] { "rocksdb", "inmemory" })
{
    var child = ChildProcess.Run(options.ToArgs(store));
    if (child is null) return 1;
    results.Add(child);
}
Report.PrintTable(results);
if (results.Count == 2)
    Console.WriteLine($"in-memory / rocksdb throughput: {results[1].Median.RecordsPerSecond / results[0].Median.RecordsPerSecond:F2}x");
return 0;

// A bad option of a bench: its message and the bench's usage on stderr, exit code 2.
static int WithUsage(Func<int> run, string usage)
{
    try
    {
        return run();
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(usage);
        return 2;
    }
}

static VariantResult RunVariant(BenchOptions o)
{
    var storeType = o.Store == "inmemory" ? StoreType.InMemory : StoreType.RocksDb;
    Console.WriteLine($"[{o.Store}] {Report.Environment()}");
    if (o.AggSerde != "json") Console.WriteLine($"[{o.Store}] ABLATION: window store values as {o.AggSerde}, not JSON");
    Console.WriteLine($"[{o.Store}] generating {o.Records:N0} records over {o.Keys:N0} keys...");
    var input = InputData.Generate(o.Records, o.Keys);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var rssAfterInput = ProcessMemory.WorkingSetMiB();
    var inputMiB = GC.GetTotalMemory(false) / (1024.0 * 1024.0);
    Console.WriteLine($"[{o.Store}] input ready: {input.ValueBytes / (1024.0 * 1024.0):F1} MiB of JSON values, managed heap {inputMiB:F1} MiB, RSS {rssAfterInput:F1} MiB");

    var topology = ReferenceTopology.Build(storeType, o.AggSerde == "binary");
    var runs = new List<RunResult>();
    for (var i = 0; i < o.Warmups + o.Runs; i++)
    {
        var warmup = i < o.Warmups;
        var calibration = Calibration.NanosecondsPerOp();
        var r = ReferenceRun.Execute(topology, input, o.CommitEvery);
        Console.WriteLine($"[{o.Store}] {(warmup ? "warm-up" : $"run {i - o.Warmups + 1}")}: {Report.Describe(r, o.Records)}; calibration {calibration:F0} ns/op");
        if (!warmup) runs.Add(r);
        GC.Collect();
    }
    return new VariantResult(o.Store, o.Records, o.Keys, o.CommitEvery, inputMiB, rssAfterInput, ProcessMemory.PeakWorkingSetMiB(), runs);
}

/// <summary>Runs this bench again as a child process for one store, echoing its output and parsing its result line.</summary>
internal static class ChildProcess
{
    public static VariantResult? Run(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate this executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        VariantResult? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                result = JsonSerializer.Deserialize(line["RESULT ".Length..], ResultJsonContext.Default.VariantResult);
            else
                Console.WriteLine(line);
        }
        process.WaitForExit();
        if (process.ExitCode != 0 || result is null)
        {
            Console.Error.WriteLine($"Child '{string.Join(' ', args)}' failed (exit code {process.ExitCode}).");
            return null;
        }
        return result;
    }
}
