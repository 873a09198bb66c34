namespace Pulse.Streams.Internal.Runtime;

/// <summary>Counters of one stream thread, read by the runtime's metrics. Written by the thread alone; processed counts may be read from any thread.</summary>
internal sealed class ThreadMetrics
{
    private long _processed;

    public long ProcessedTotal => Interlocked.Read(ref _processed);
    public long Commits { get; private set; }
    public long LastCommitLatencyMs { get; private set; }
    public long Rebalances { get; set; }

    public void Processed(int n) => Interlocked.Add(ref _processed, n);

    public void Committed(long latencyMs)
    {
        Commits++;
        LastCommitLatencyMs = latencyMs;
    }
}
