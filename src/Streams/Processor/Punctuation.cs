namespace Pulse.Streams.Processor;

/// <summary>Which clock a punctuation follows.</summary>
public enum PunctuationType
{
    /// <summary>Event time: fires as records advance the task's stream time.</summary>
    StreamTime,

    /// <summary>Wall-clock time from the configured <see cref="TimeProvider"/>.</summary>
    WallClockTime,
}

/// <summary>A scheduled punctuation, cancellable.</summary>
public interface ICancellable
{
    /// <summary>Stops future calls. Safe to call more than once.</summary>
    void Cancel();
}

/// <summary>Where a record came from.</summary>
public interface IRecordMetadata
{
    /// <summary>The source topic.</summary>
    string Topic { get; }

    /// <summary>The source partition.</summary>
    int Partition { get; }

    /// <summary>The offset in the source partition.</summary>
    long Offset { get; }
}

/// <summary>Chooses a record's event time when it is read from a topic.</summary>
/// <param name="key">The deserialized key.</param>
/// <param name="value">The deserialized value.</param>
/// <param name="recordTimestamp">The timestamp the record carries.</param>
/// <param name="partitionTime">The largest timestamp seen on this partition, or -1.</param>
/// <returns>The event time; a negative one drops the record (and counts it).</returns>
public delegate long TimestampExtractor<TKey, TValue>(TKey key, TValue value, long recordTimestamp, long partitionTime);

/// <summary>Chooses a sink's topic per record.</summary>
public delegate string TopicNameExtractor<TKey, TValue>(TKey key, TValue value, IRecordMetadata? source);

/// <summary>Chooses the partition of an output record; null leaves it to the default (murmur2 of the key).</summary>
public delegate int? StreamPartitioner<TKey, TValue>(string topic, TKey key, TValue value, int numPartitions);
