using Pulse.Streams.Processor;

namespace Pulse.Streams.Dsl;

/// <summary>
/// Turns a table row's value into another, seeing its key and the state stores it was given, as Kafka's
/// <c>ValueTransformerWithKey</c> (<see cref="IKTable{TKey, TValue}.TransformValues{TValueOut}(Func{IValueTransformerWithKey{TKey, TValue, TValueOut}}, string[])"/>).
/// One instance per task, and one more per task for each lookup of the table (a join): <see cref="Transform"/> must give the
/// same answer for the same key and value whichever instance is asked, or a join sees rows the table never emitted.
/// </summary>
public interface IValueTransformerWithKey<in TKey, in TValue, out TValueOut>
{
    /// <summary>
    /// Called once before any <see cref="Transform"/>: the context reads the stores the transformer was given and schedules
    /// punctuations; it cannot forward (a transformer answers through its return value only).
    /// </summary>
    void Init(IProcessingContext context);

    /// <summary>The new value for <paramref name="key"/>; <paramref name="value"/> is null for a deleted or missing row, and a null result deletes the row.</summary>
    TValueOut? Transform(TKey key, TValue? value);

    /// <summary>Called when the task closes.</summary>
    void Close() { }
}
