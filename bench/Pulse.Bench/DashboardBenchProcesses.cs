using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Bench;

/// <summary>A <c>pulse</c> child process of the dashboard bench: its output lines kept, waited on by pattern, stopped by SIGINT.</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private Child(Process process) => _process = process;

    public int Pid => _process.Id;

    public static Child Start(string executable, params string[] args)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        var child = new Child(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {executable}"));
        child._process.OutputDataReceived += (_, e) => { if (e.Data is { } line) child._lines.Enqueue(line); };
        child._process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) child._lines.Enqueue(line); };
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first line matching <paramref name="pattern"/>; throws with the output when the process ends or <paramref name="timeout"/> passes first.</summary>
    public Match WaitFor(Regex pattern, TimeSpan timeout)
    {
        var from = Stopwatch.GetTimestamp();
        while (true)
        {
            foreach (var line in _lines)
                if (pattern.Match(line) is { Success: true } match) return match;
            if (_process.HasExited || Stopwatch.GetElapsedTime(from) > timeout)
                throw new InvalidOperationException($"no line like '{pattern}' from pulse:\n{string.Join('\n', _lines.TakeLast(30))}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Ctrl+C, then waits for the process to stop in order (a minute at most, then kills it).</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-INT", Pid.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromMinutes(1))) _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

/// <summary>CPU seconds and memory of processes, from /proc (Linux).</summary>
internal readonly record struct ProcStat(double CpuSeconds, double RssMiB, double PeakRssMiB)
{
    private const double TicksPerSecond = 100; // USER_HZ

    public static ProcStat Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            double KiB(string name) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(name, StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
            return new ProcStat(cpu, KiB("VmRSS:") / 1024, KiB("VmHWM:") / 1024);
        }
        catch (IOException)
        {
            return default;
        }
    }

    /// <summary>Every Chromium process together (browser, renderers, GPU and utility processes).</summary>
    public static ProcStat Chromium()
    {
        var (cpu, rss) = (0.0, 0.0);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "chromium") continue;
            }
            catch (IOException)
            {
                continue;
            }
            var s = Of(pid);
            (cpu, rss) = (cpu + s.CpuSeconds, rss + s.RssMiB);
        }
        return new ProcStat(cpu, rss, rss);
    }
}
