using System.Collections.Concurrent;
using System.Diagnostics;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// One KafkaStreams instance in its own OS process: <c>dotnet Pulse.Streams.TestApp.dll</c> (built
/// with this test project, see its csproj). Lines the child prints are collected; the child stops
/// by itself when this process dies (its stdin closes). Dispose kills it if it still runs.
/// </summary>
internal sealed class ChildStreamsProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ChildStreamsProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the test app with <paramref name="args"/> (its options, e.g. <c>--bootstrap</c>).</summary>
    public static ChildStreamsProcess Start(string name, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppPath.Value);
        foreach (var a in args) start.ArgumentList.Add(a);
        // No diagnostics IPC (clr-debug-pipe-*, dotnet-diagnostic-*): a killed child cannot remove those from the temp folder.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        var process = new Process { StartInfo = start };
        var child = new ChildStreamsProcess(name, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) child._lines.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) child._errors.Enqueue(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>How many times the child printed exactly <paramref name="line"/>.</summary>
    public int Count(string line) => _lines.Count(l => l == line);

    /// <summary>How many lines of the child's log (stderr) contain <paramref name="fragment"/>.</summary>
    public int LogCount(string fragment) => _errors.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Waits until the child printed <paramref name="line"/> <paramref name="times"/> times; fails early if it exits or reports an error.</summary>
    public void WaitFor(string line, TimeSpan timeout, int times = 1) =>
        WaitUntil(() => Count(line) >= times, timeout, $"print '{line}' ({times}×)");

    /// <summary>Waits until <paramref name="done"/> holds; fails early, naming <paramref name="what"/>, if the child exits or reports an error.</summary>
    public void WaitUntil(Func<bool> done, TimeSpan timeout, string what) =>
        Wait.Until(() =>
        {
            var error = _lines.FirstOrDefault(l => l.StartsWith("ERROR", StringComparison.Ordinal));
            Assert.True(error is null, $"{Name} reported {error} while the test waited for it to {what}\n{Output()}");
            if (done()) return true;
            Assert.False(_process.HasExited, $"{Name} exited (code {(_process.HasExited ? _process.ExitCode : 0)}) before it could {what}\n{Output()}");
            return false;
        }, timeout, $"{Name} to {what}\n{Output()}");

    /// <summary>Kills the process at once, as <c>kill -9</c>: no commit, no leaving the group.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM (a clean close) and waits for the process to exit.</summary>
    public void Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        Assert.True(_process.WaitForExit(timeout), $"{Name} did not exit within {timeout.TotalSeconds:F0} s of SIGTERM\n{Output()}");
        _process.WaitForExit(); // drains the output readers
    }

    /// <summary>What the child printed so far (stdout, then stderr), for failure messages.</summary>
    public string Output() => $"--- {Name} stdout ---\n{string.Join('\n', _lines)}\n--- {Name} stderr ---\n{string.Join('\n', _errors.TakeLast(60))}";

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
    }

    /// <summary>
    /// The test app's dll: built by the project reference in Streams.Tests.csproj (not copied here),
    /// so found in its own output folder, same configuration as this test assembly.
    /// </summary>
    private static readonly Lazy<string> AppPath = new(() =>
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/tests/Streams.Tests/bin/<Configuration>/<tfm>
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var tests = testBin.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Streams.TestApp", "bin", configuration, tfm, "Pulse.Streams.TestApp.dll");
        Assert.True(File.Exists(path), $"test app not built at {path}");
        return path;
    });
}
