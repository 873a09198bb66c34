using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// The built <c>pulse</c> executable as a child process (from src/Host's own output folder, same
/// configuration as this test assembly), its stdout and stderr lines collected.
/// Dispose kills it if it still runs.
/// </summary>
internal sealed class PulseProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private string? _demoState;

    private PulseProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The process id, or null once it has exited.</summary>
    public int? Pid => _process.HasExited ? null : _process.Id;

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public IReadOnlyList<string> Stderr => [.. _stderr];

    /// <summary>Everything on stderr, one string.</summary>
    public string ErrorText => string.Join('\n', _stderr);

    public static PulseProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(ExecutablePath.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        var list = args.ToList();
        // pulse demo keeps its state folder (and the log in it) for the person who ran it; a test's demo gets a folder of its
        // own, removed with the process, unless the test names one.
        // The demo makes the folder itself, as it makes its own (a folder made here would be private to this user, and the
        // demo's PostgreSQL runs as postgres).
        var demoState = list is ["demo", ..] && !list.Contains("--state-dir")
            ? Path.Combine(Path.GetTempPath(), "pulse-demo-test-" + Guid.NewGuid().ToString("N")[..8])
            : null;
        if (demoState is not null) list.AddRange(["--state-dir", demoState]);
        foreach (var a in list) start.ArgumentList.Add(a);
        // Only what the test gives: no PULSE__ settings leak in from the test runner's environment.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PULSE__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        // No diagnostics IPC (clr-debug-pipe-*, dotnet-diagnostic-*): a killed child cannot remove those from the temp folder.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        var child = new PulseProcess(process) { _demoState = demoState };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) child._stdout.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) child._stderr.Enqueue(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <c>pulse</c> with <paramref name="args"/> to its end; returns it, exited.</summary>
    public static PulseProcess Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var child = Start(args, environment, workingDirectory);
        child.WaitForExit(timeout ?? TimeSpan.FromSeconds(60));
        return child;
    }

    public bool Logged(string fragment) => _stderr.Any(l => l.Contains(fragment, StringComparison.Ordinal)) || _stdout.Any(l => l.Contains(fragment, StringComparison.Ordinal));

    public void WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), $"pulse did not exit within {timeout.TotalSeconds:F0} s\n{Output()}");
        _process.WaitForExit(); // drains the output readers
    }

    /// <summary>Kills the process at once, as <c>kill -9</c>: no commit, no rollback, no leaving the group.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM (a clean stop) and waits for the process to exit.</summary>
    public void Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        WaitForExit(timeout);
    }

    /// <summary>What the child printed so far, for failure messages.</summary>
    public string Output() => $"--- pulse stdout ---\n{string.Join('\n', _stdout)}\n--- pulse stderr ---\n{string.Join('\n', _stderr.TakeLast(60))}";

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
        if (_demoState is not null && Directory.Exists(_demoState)) Directory.Delete(_demoState, recursive: true);
    }

    /// <summary>src/Host/bin/&lt;Configuration&gt;/&lt;tfm&gt;/pulse, found from this test assembly's own output folder.</summary>
    private static readonly Lazy<string> ExecutablePath = new(() =>
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/tests/Host.Tests/bin/<Configuration>/<tfm>
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var repository = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "src", "Host", "bin", configuration, tfm, "pulse");
        Assert.True(File.Exists(path), $"pulse not built at {path}");
        return path;
    });
}
