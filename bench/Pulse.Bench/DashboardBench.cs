using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Pulse.Bench;

/// <summary>
/// <c>dashboard</c>: the ward dashboard under a ward's load. Runs <c>pulse demo</c> (a child process: <c>--patients</c> at one
/// reading a second each, patient time at the wall clock's pace) and a separate <c>pulse dashboard</c> process against its
/// cluster and PostgreSQL, opens the ward in Chromium (Debian's, through Playwright) and, for <c>--seconds</c> after a warm-up:
/// the time from each reading's timestamp (the simulator stamps it as it publishes) to the repaint of its tile that shows it
/// (the page records each repaint in <c>window.pulseMeasure</c>); the dashboard process's CPU and memory (/proc); the page's
/// main-thread time, script time and JS heap (Chrome DevTools Protocol <c>Performance.getMetrics</c>) and the CPU of every
/// Chromium process.
/// </summary>
internal static partial class DashboardBench
{
    public const string Usage = "usage: Pulse.Bench dashboard [--patients 200] [--seconds 60] [--warmup 15] [--pulse PATH (src/Host/bin/Release/net10.0/pulse)] [--screenshot PATH (<temp>/pulse-dashboard-bench.png)] [--screenshot-page area.html (default: the ward)]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (NamedArgs.Parse(args, new Dictionary<string, string>(StringComparer.Ordinal) { ["patients"] = "200", ["seconds"] = "60", ["warmup"] = "15", ["pulse"] = DefaultPulse(), ["screenshot"] = Path.Combine(Path.GetTempPath(), "pulse-dashboard-bench.png"), ["screenshot-page"] = "" }, Usage) is not { } o) return 2;
        var patients = int.Parse(o["patients"], CultureInfo.InvariantCulture);
        var seconds = int.Parse(o["seconds"], CultureInfo.InvariantCulture);
        var warmup = int.Parse(o["warmup"], CultureInfo.InvariantCulture);
        Console.WriteLine($"[dashboard] {Report.Environment()}; {patients} patients at 1 reading/s each through pulse demo; measuring {seconds} s after {warmup} s");

        using var demo = Child.Start(o["pulse"], "demo", "--patients", $"{patients}", "--speed", "1", "--duration", $"{warmup + seconds + 60}s",
            "--dashboard-port", "0", "--report-every", "30s");
        var bootstrap = demo.WaitFor(BootstrapLine(), TimeSpan.FromMinutes(2)).Groups[1].Value;
        var postgres = demo.WaitFor(PostgresLine(), TimeSpan.FromMinutes(2)).Groups[1].Value;
        demo.WaitFor(RunningLine(), TimeSpan.FromMinutes(3));
        using var dashboard = Child.Start(o["pulse"], "dashboard", "--bootstrap-servers", bootstrap, "--postgres", postgres, "--urls", "http://127.0.0.1:0");
        var url = dashboard.WaitFor(DashboardLine(), TimeSpan.FromMinutes(1)).Groups[1].Value;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        await Task.Delay(TimeSpan.FromSeconds(warmup));

        await page.EvaluateAsync("() => { window.pulseMeasure = []; }");
        var before = (Metrics: await MetricsAsync(cdp), Dashboard: ProcStat.Of(dashboard.Pid), Chromium: ProcStat.Chromium(), At: Stopwatch.GetTimestamp());
        var latencies = new List<double>();
        var tiles = 0;
        for (var elapsed = 0; elapsed < seconds; elapsed += 5)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var taken = await page.EvaluateAsync<double[][]>("() => window.pulseMeasure.splice(0).map(m => [m[1], m[2]])");
            latencies.AddRange(taken.Select(m => m[1] - m[0]));
            tiles = await page.Locator("article.tile").CountAsync();
        }
        var wall = Stopwatch.GetElapsedTime(before.At).TotalSeconds;
        var after = (Metrics: await MetricsAsync(cdp), Dashboard: ProcStat.Of(dashboard.Pid), Chromium: ProcStat.Chromium());
        if (o["screenshot-page"].Length > 0)
        {
            await page.GotoAsync(new Uri(new Uri(url), o["screenshot-page"]).ToString());
            await page.WaitForSelectorAsync("body[data-loaded=true]");
            await page.WaitForTimeoutAsync(1000); // let the first pushes draw: a picture, not a measurement
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = o["screenshot"] });

        latencies.Sort();
        double Pct(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        var dashboardCpu = (after.Dashboard.CpuSeconds - before.Dashboard.CpuSeconds) / wall;
        var chromiumCpu = (after.Chromium.CpuSeconds - before.Chromium.CpuSeconds) / wall;
        double Delta(string name) => after.Metrics.GetValueOrDefault(name) - before.Metrics.GetValueOrDefault(name);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"[dashboard] {tiles} tiles; {latencies.Count:N0} tile repaints in {wall:F0} s ({latencies.Count / wall / Math.Max(1, tiles):F2} per tile per second)"));
        Console.WriteLine(string.Create(inv, $"[dashboard] reading → tile: p50 {Pct(0.5):F0} ms, p95 {Pct(0.95):F0} ms, p99 {Pct(0.99):F0} ms, max {Pct(1):F0} ms (target p95 < 1000 ms: {(Pct(0.95) < 1000 ? "met" : "NOT met")})"));
        Console.WriteLine(string.Create(inv, $"[dashboard] pulse dashboard process: {dashboardCpu * 100:F1}% of a core, RSS {after.Dashboard.RssMiB:F0} MiB (peak {after.Dashboard.PeakRssMiB:F0} MiB)"));
        Console.WriteLine(string.Create(inv,
            $"[dashboard] browser: main thread busy {Delta("TaskDuration") / wall * 100:F1}% (script {Delta("ScriptDuration") / wall * 100:F1}%, layout {Delta("LayoutDuration") / wall * 100:F1}%, style {Delta("RecalcStyleDuration") / wall * 100:F1}%), " +
            $"JS heap {after.Metrics.GetValueOrDefault("JSHeapUsedSize") / 1048576:F1} MiB, DOM nodes {after.Metrics.GetValueOrDefault("Nodes"):F0}; all Chromium processes {chromiumCpu * 100:F1}% of a core"));
        Console.WriteLine(string.Create(inv,
            $"RESULT dashboard patients={patients} tiles={tiles} repaints={latencies.Count} p50_ms={Pct(0.5):F0} p95_ms={Pct(0.95):F0} p99_ms={Pct(0.99):F0} dashboard_cpu={dashboardCpu:F3} dashboard_rss_mib={after.Dashboard.RssMiB:F0} browser_main_busy={Delta("TaskDuration") / wall:F3} browser_heap_mib={after.Metrics.GetValueOrDefault("JSHeapUsedSize") / 1048576:F1} chromium_cpu={chromiumCpu:F3}"));
        dashboard.Stop();
        demo.Stop();
        return Pct(0.95) < 1000 ? 0 : 1;
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var result = await cdp.SendAsync("Performance.getMetrics");
        return result!.Value.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    private static string DefaultPulse()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Streams.sln"))) return Path.Combine(dir.FullName, "src/Host/bin/Release/net10.0/pulse");
        return "pulse";
    }

    [GeneratedRegex(@"^Bootstrap servers: (\S+)")]
    private static partial Regex BootstrapLine();

    [GeneratedRegex(@"^PostgreSQL: (Host=\S+) \(migrated\)")]
    private static partial Regex PostgresLine();

    [GeneratedRegex(@"^Running for")]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"Dashboard on (http://\S+/)")]
    private static partial Regex DashboardLine();
}
