using System.Text.Json.Serialization;

namespace Pulse.Bench.Peers;

/// <summary>What one child process measured: one timed pass of one variant.</summary>
/// <param name="Variant">The variant's name (floor, pulse-driver, streamiz-cluster-eos, ...).</param>
/// <param name="Records">Input records of the timed pass.</param>
/// <param name="Seconds">Wall time of the timed pass.</param>
/// <param name="RecordsPerSecond">Records / seconds.</param>
/// <param name="CpuSeconds">The process's CPU time over the pass (every thread, the embedded brokers' too where they run).</param>
/// <param name="AllocatedBytesPerRecord">Bytes allocated per record on the processing thread; -1 where not measured (the cluster runs).</param>
/// <param name="PeakMiB">The process's peak resident memory, input included.</param>
/// <param name="Detail">Output counts and whatever else checks the pass did its work.</param>
internal sealed record PeerResult(string Variant, int Records, double Seconds, double RecordsPerSecond, double CpuSeconds,
    double AllocatedBytesPerRecord, double PeakMiB, string Detail);

/// <summary>The summary of a whole <c>peers</c> invocation: each variant's median and each ratio's per-round values.</summary>
internal sealed record PeersSummary(IReadOnlyDictionary<string, double> MedianRecordsPerSecond, IReadOnlyDictionary<string, double> MedianPeakMiB,
    IReadOnlyDictionary<string, double> MedianAllocatedBytesPerRecord, IReadOnlyDictionary<string, IReadOnlyList<double>> Ratios,
    IReadOnlyDictionary<string, bool> TargetsMet);

/// <summary>JSON metadata for handing results between the processes and for the RESULT line.</summary>
[JsonSerializable(typeof(PeerResult))]
[JsonSerializable(typeof(PeersSummary))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
