namespace Pulse.Streams.Internal.Processor;

/// <summary>Counters of one task, read by the runtime's metrics and by tests.</summary>
internal sealed class TaskMetrics
{
    public long ProcessedRecords { get; set; }
    public long DroppedRecords { get; set; }
    public long DeadLetters { get; set; }

    /// <summary>Dead letters the producer refused even without their value: logged, counted, and dropped.</summary>
    public long DeadLetterFailures { get; set; }
    public long LateRecordsDropped { get; set; }
}
