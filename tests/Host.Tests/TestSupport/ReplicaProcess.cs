using System.Globalization;
using System.Net;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>A <c>pulse run</c> child process, its HTTP listener on a free port, and what it has logged.</summary>
internal sealed class ReplicaProcess : IDisposable
{
    private ReplicaProcess(PulseProcess process, string name)
    {
        Process = process;
        Name = name;
    }

    public PulseProcess Process { get; }

    public string Name { get; }

    /// <summary>The address of /healthz, /readyz and /metrics, once the process has logged it.</summary>
    public Uri? Address => Http.ListenerAddress(Process.Stderr);

    /// <summary>How many times the streams have reached RUNNING.</summary>
    public int TimesRunning => Process.Stderr.Count(l => l.Contains("-> Running", StringComparison.Ordinal));

    public static ReplicaProcess Start(string name, string bootstrapServers, string applicationId, string stateDir, string guarantee,
        IDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // A killed replica's partitions move after the session timeout: keep it short (Kafka's minimum).
            ["PULSE__Kafka__Properties__session.timeout.ms"] = "6000",
            ["PULSE__Kafka__Properties__heartbeat.interval.ms"] = "1000",
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) env[k] = v;
        var process = PulseProcess.Start(
        [
            "run", "--bootstrap-servers", bootstrapServers, "--application-id", applicationId, "--state-dir", stateDir,
            "--processing-guarantee", guarantee, "--http", "http://127.0.0.1:0", .. extraArgs,
        ], env);
        return new ReplicaProcess(process, name);
    }

    /// <summary>Waits until the process listens and its streams run.</summary>
    public void WaitUntilRunning(TimeSpan timeout) =>
        Wait.Until(() => Address is not null && TimesRunning > 0 || Process.HasExited, timeout, () => $"{Name} to run\n{Process.Output()}");

    public bool IsReady => Address is { } a && Http.StatusOrNull(a, "/readyz") == HttpStatusCode.OK;

    public string Scrape() => Http.Get(Address!, "/metrics").Body;

    /// <summary>Records this replica's stream threads have processed.</summary>
    public double Processed => Http.Sum(Scrape(), "pulse_streams_processed_records_total");

    /// <summary>Tasks this replica's stream threads hold now.</summary>
    public double Tasks => Http.Sum(Scrape(), "pulse_streams_task_count");

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Process.Output()}");

    public void Dispose() => Process.Dispose();
}
