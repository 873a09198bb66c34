using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Host.Demo;

namespace Pulse.Bench;

/// <summary>
/// <c>demo</c>: the whole demo pipeline's throughput, end to end, in this process, as <c>pulse demo</c>
/// composes it (<see cref="DemoServiceCollectionExtensions"/>): the embedded Kafka cluster, a private
/// PostgreSQL, two topology replicas, the sink, and the simulator offering <c>--rate</c> readings/s of
/// generated patients (no device artefacts, so every reading becomes a row) until <c>--readings</c>
/// are published. Timed by the demo itself (<see cref="DemoResult"/>): from the simulator's start to the
/// moment every reading is in <c>readings</c> (and every window and alert it led to in theirs).
/// </summary>
internal static class DemoBench
{
    public const double TargetReadingsPerSecond = 20_000;

    public const string Usage =
        "usage: Pulse.Bench demo [--readings N (200000)] [--rate R offered readings/s (100000: more than the generator makes on 2 cores)] [--patients P (1000)] [--partitions K (24)] [--replicas 2] [--sink-batch 5000]";

    public static int Run(IReadOnlyList<string> args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal) { ["readings"] = "200000", ["rate"] = "100000", ["patients"] = "1000", ["partitions"] = "24", ["replicas"] = "2", ["sink-batch"] = "5000" };
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].TrimStart('-');
            if (!o.ContainsKey(name) || i + 1 >= args.Count || !double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out _))
            {
                Console.Error.WriteLine($"bad argument '{args[i]}'");
                Console.Error.WriteLine(Usage);
                return 2;
            }
            o[name] = args[i + 1];
        }
        var readings = long.Parse(o["readings"], CultureInfo.InvariantCulture);
        var rate = double.Parse(o["rate"], CultureInfo.InvariantCulture);
        Console.WriteLine($"[demo] {Report.Environment()}, machine '{Environment.MachineName}'");
        Console.WriteLine($"[demo] {readings:N0} readings of {o["patients"]} patients offered at {rate:N0}/s over {o["partitions"]} partitions, {o["replicas"]} replicas");

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(DemoDefaults.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Patients"] = o["patients"],
            ["Simulator:Rate"] = o["rate"],
            // Simulator:Duration × rate readings, then the simulator ends and the demo waits for the pipeline.
            ["Simulator:Duration"] = (readings / rate).ToString("0.###", CultureInfo.InvariantCulture),
            ["Simulator:ArtefactRate"] = "0",
            ["Simulator:Seed"] = "42",
            ["Demo:Speed"] = "1",
            ["Demo:Replicas"] = o["replicas"],
            ["Demo:ReportEvery"] = "2s",
            ["Sink:BatchSize"] = o["sink-batch"],
            // Each mock partition keeps 5 MiB: enough partitions that no topic drops records.
            ["Topics:Partitions"] = o["partitions"],
        });
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPulseDemo(builder.Configuration);
        using var host = builder.Build();
        var runner = host.Services.GetRequiredService<DemoRunner>();
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var wallBefore = System.Diagnostics.Stopwatch.GetTimestamp();
        host.Run();
        var cores = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds
                    / System.Diagnostics.Stopwatch.GetElapsedTime(wallBefore).TotalSeconds;

        if (runner.Fault is not null || runner.Result is not { } result)
        {
            Console.Error.WriteLine($"[demo] failed: {runner.Fault?.Message ?? "no result"}");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[demo] end to end: {result.ReadingsPerSecond,10:N0} readings/s ({result.Published:N0} readings, first publish to last row, {result.Elapsed.TotalSeconds:F1} s); " +
            $"target {TargetReadingsPerSecond:N0}: {(result.ReadingsPerSecond >= TargetReadingsPerSecond ? "met" : "NOT met")}; " +
            $"this process averaged {cores:F2} cores over the whole run (start-up included; PostgreSQL runs in its own processes), load average {LoadAverage()}"));
        return 0;
    }

    /// <summary>The 1-minute load average (other work on the machine shares its 2 cores), or "?".</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
