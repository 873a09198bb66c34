using Pulse.Streams.State;

namespace Pulse.Streams.Processor;

/// <summary>What every processor context offers, whatever it forwards.</summary>
public interface IProcessingContext
{
    /// <summary>The application id (the consumer group, and the prefix of internal topics).</summary>
    string ApplicationId { get; }

    /// <summary>The task this processor runs in.</summary>
    TaskId TaskId { get; }

    /// <summary>
    /// Where the record being processed came from, or null when there is none (in a punctuation,
    /// or for a record created by an upstream punctuation).
    /// </summary>
    IRecordMetadata? RecordMetadata { get; }

    /// <summary>The task's stream time: the largest timestamp it has processed, or long.MinValue before any.</summary>
    long CurrentStreamTimeMs { get; }

    /// <summary>Wall-clock time from the configured <see cref="TimeProvider"/>, in ms since the epoch.</summary>
    long CurrentSystemTimeMs { get; }

    /// <summary>The application's configuration.</summary>
    StreamsConfig Config { get; }

    /// <summary>A state store connected to this processor.</summary>
    /// <exception cref="Errors.StreamsException">The store does not exist or is not connected to this processor.</exception>
    TStore GetStateStore<TStore>(string name) where TStore : IStateStore;

    /// <summary>
    /// Calls <paramref name="punctuator"/> every <paramref name="interval"/> of stream time or of
    /// wall-clock time, with the time it fires at. Cancel it with the returned handle.
    /// </summary>
    ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator);

    /// <summary>Asks for a commit as soon as possible (after the current record).</summary>
    void Commit();
}

/// <summary>The context of an <see cref="IProcessor{TKeyIn, TValueIn, TKeyOut, TValueOut}"/>.</summary>
public interface IProcessorContext<TKeyOut, TValueOut> : IProcessingContext
{
    /// <summary>Sends a record to every child node.</summary>
    void Forward(Record<TKeyOut, TValueOut> record);

    /// <summary>Sends a record to the child node named <paramref name="childName"/> only.</summary>
    /// <exception cref="Errors.StreamsException">There is no such child.</exception>
    void Forward(Record<TKeyOut, TValueOut> record, string childName);
}

/// <summary>The context of an <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/>.</summary>
public interface IFixedKeyProcessorContext<TKey, TValueOut> : IProcessingContext
{
    /// <summary>Sends a record to every child node.</summary>
    void Forward(FixedKeyRecord<TKey, TValueOut> record);

    /// <summary>Sends a record to the child node named <paramref name="childName"/> only.</summary>
    void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName);
}
