namespace Pulse.Streams.Processor;

/// <summary>
/// A node of a topology that takes records in and forwards records on. Its life is a sequence:
/// <list type="number">
/// <item><see cref="Init"/> once, when its task starts: keep the context, fetch stores, schedule punctuations;</item>
/// <item><see cref="Process"/> once per record, in the order of the task's stream time;</item>
/// <item><see cref="Close"/> once, when the task closes; release what <see cref="Init"/> took.</item>
/// </list>
/// A processor instance belongs to one task and is called from one thread; a supplier makes a
/// new instance per task. After <see cref="Close"/> an instance is not used again.
/// </summary>
public interface IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>
{
    /// <summary>Called once before any record, with the context to forward through.</summary>
    void Init(IProcessorContext<TKeyOut, TValueOut> context) { }

    /// <summary>Processes one record; forward results through the context.</summary>
    void Process(Record<TKeyIn, TValueIn> record);

    /// <summary>Called once when the task closes.</summary>
    void Close() { }
}

/// <summary>A processor that may change values but never keys: its output needs no repartitioning.</summary>
public interface IFixedKeyProcessor<TKey, TValueIn, TValueOut>
{
    /// <summary>Called once before any record.</summary>
    void Init(IFixedKeyProcessorContext<TKey, TValueOut> context) { }

    /// <summary>Processes one record.</summary>
    void Process(FixedKeyRecord<TKey, TValueIn> record);

    /// <summary>Called once when the task closes.</summary>
    void Close() { }
}

/// <summary>Makes a new processor for each task.</summary>
public delegate IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut> ProcessorSupplier<TKeyIn, TValueIn, TKeyOut, TValueOut>();

/// <summary>Makes a new fixed-key processor for each task.</summary>
public delegate IFixedKeyProcessor<TKey, TValueIn, TValueOut> FixedKeyProcessorSupplier<TKey, TValueIn, TValueOut>();
