using System.Globalization;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Samples processes' resident memory (VmRSS of /proc/PID/status) once a second, until disposed.</summary>
internal sealed class RssSampler : IDisposable
{
    private readonly Dictionary<string, Func<int?>> _processes;
    private readonly Dictionary<string, List<long>> _samples = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="processes">Each process's name and a way to read its current pid (null while it is not running).</param>
    public RssSampler(Dictionary<string, Func<int?>> processes)
    {
        _processes = processes;
        _loop = Task.Run(async () =>
        {
            using var every = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await every.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                List<KeyValuePair<string, Func<int?>>> processes;
                lock (_gate) processes = [.. _processes];
                foreach (var (name, pid) in processes)
                    if (pid() is { } id && Read(id) is { } kib)
                        lock (_gate) (_samples.TryGetValue(name, out var list) ? list : _samples[name] = []).Add(kib);
            }
        });
    }

    /// <summary>From now on, samples <paramref name="name"/> from <paramref name="pid"/> (a process started again).</summary>
    public void Replace(string name, Func<int?> pid)
    {
        lock (_gate) _processes[name] = pid;
    }

    /// <summary>The samples of <paramref name="name"/>, KiB, in order.</summary>
    public IReadOnlyList<long> Of(string name)
    {
        lock (_gate) return _samples.TryGetValue(name, out var list) ? [.. list] : [];
    }

    /// <summary>One line per process: samples, first, peak and last, MiB.</summary>
    public string Describe()
    {
        lock (_gate)
            return string.Join("; ", _samples.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Key}: {s.Value.Count} samples, first {s.Value[0] / 1024} MiB, peak {s.Value.Max() / 1024} MiB, last {s.Value[^1] / 1024} MiB")));
    }

    private static long? Read(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // the process ended between two reads
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}
