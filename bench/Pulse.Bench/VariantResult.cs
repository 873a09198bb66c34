using System.Text.Json.Serialization;

namespace Pulse.Bench;

/// <summary>The outcome of one store variant (one process): every timed run, and the process's memory figures.</summary>
internal sealed record VariantResult(
    string Store, int Records, int Keys, int CommitEvery, double InputMiB, double RssAfterInputMiB, double PeakMiB,
    IReadOnlyList<RunResult> Runs)
{
    /// <summary>The run with the median throughput.</summary>
    [JsonIgnore]
    public RunResult Median => Runs.OrderBy(r => r.RecordsPerSecond).ElementAt(Runs.Count / 2);
}

/// <summary>JSON metadata for handing a child process's result to the parent.</summary>
[JsonSerializable(typeof(VariantResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
