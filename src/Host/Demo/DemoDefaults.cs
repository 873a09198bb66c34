namespace Pulse.Host.Demo;

/// <summary>
/// The demo's defaults for its parts' settings, beneath appsettings.json, <c>PULSE__…</c> and flags:
/// 50 patients (one reading each per second of patient time), deteriorations over two minutes of
/// patient time (so, with the patient clock at 5x, alerts within about half a minute), and replicas
/// that commit every second (so the demo sees quickly that they have caught up).
/// </summary>
public static class DemoDefaults
{
    /// <summary>The settings, by configuration key.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Simulator:Patients"] = "50",
        ["Simulator:Deterioration"] = "2m",
        ["Streams:CommitIntervalMs"] = "1000",
    };
}
