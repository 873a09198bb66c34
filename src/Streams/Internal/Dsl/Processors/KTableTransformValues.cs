using Pulse.Streams.Internal.State;
using Pulse.Streams.Dsl;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Table TransformValues, as Kafka's <c>KTableTransformValues</c>: each update's new value goes through the transformer (a delete as
/// null); its old value too when old values are sent and the result is not materialized (a materialized result's old value is its
/// store's). A lookup of the table transforms the row upstream with a transformer of its own.
/// </summary>
internal sealed class KTableTransformValues<TKey, TValue, TValueOut>(IValueTransformerWithKey<TKey, TValue, TValueOut> transformer,
    string? storeName, bool sendOldValues) : IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>
{
    private readonly TableResult<TKey, TValueOut> _result = new(storeName, sendOldValues);

    public void Init(IProcessorContext<TKey, Change<TValueOut>> context)
    {
        transformer.Init(new NonForwardingContext(context));
        _result.Init(context);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var newValue = transformer.Transform(record.Key, record.Value.NewValue);
        var oldValue = storeName is null && sendOldValues ? transformer.Transform(record.Key, record.Value.OldValue) : default;
        _result.Forward(record.WithValue(new Change<TValueOut>(newValue, oldValue)));
    }

    public void Close() => transformer.Close();

    /// <summary>
    /// Looks a key up upstream and transforms what it finds (null when nothing) with a transformer of its own, closed with the task;
    /// the row keeps the upstream row's timestamp.
    /// </summary>
    public static ValueGetterSupplier<TKey, TValueOut> Getter(ValueGetterSupplier<TKey, TValue> parent,
        Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> supplier, IReadOnlyList<string> transformerStores) =>
        new([.. parent.StoreNames.Union(transformerStores)], context =>
        {
            var upstream = parent.Get(context);
            var own = supplier() ?? throw new InvalidOperationException("The transformer supplier of a TransformValues returned null.");
            own.Init(new NonForwardingContext(context));
            if (context is Processor.NodeContextBase node) node.OnTaskClose(own.Close);
            return (TKey key, out TValueOut? value, out long timestamp) =>
            {
                var found = upstream(key, out var v, out timestamp);
                if (!found) (v, timestamp) = (default, TimestampedValues.NoTimestamp);
                value = own.Transform(key, v);
                // A value type cannot say "no row": for a key upstream does not have, its result is not one.
                return value is not null && (found || !typeof(TValueOut).IsValueType);
            };
        });
}

/// <summary>A processor's context without its forwarding: what a value transformer sees.</summary>
internal sealed class NonForwardingContext(IProcessingContext inner) : IProcessingContext
{
    public string ApplicationId => inner.ApplicationId;
    public TaskId TaskId => inner.TaskId;
    public IRecordMetadata? RecordMetadata => inner.RecordMetadata;
    public long CurrentStreamTimeMs => inner.CurrentStreamTimeMs;
    public long CurrentSystemTimeMs => inner.CurrentSystemTimeMs;
    public StreamsConfig Config => inner.Config;
    public TStore GetStateStore<TStore>(string name) where TStore : IStateStore => inner.GetStateStore<TStore>(name);
    public ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) => inner.Schedule(interval, type, punctuator);
    public void Commit() => inner.Commit();
}
