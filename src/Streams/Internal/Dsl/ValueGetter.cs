using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>Looks up a table's current value for a key, from inside a task.</summary>
internal delegate bool ValueGetter<TKey, TValue>(TKey key, out TValue? value);

/// <summary>
/// How a processor reads a table: the stores it must be connected to, and a factory of the
/// lookup, called once per task at Init.
/// </summary>
internal sealed class ValueGetterSupplier<TKey, TValue>(IReadOnlyList<string> storeNames, Func<IProcessingContext, ValueGetter<TKey, TValue>> factory)
{
    public IReadOnlyList<string> StoreNames { get; } = storeNames;

    public ValueGetter<TKey, TValue> Get(IProcessingContext context) => factory(context);

    /// <summary>A getter over a table derived row by row from this one.</summary>
    public ValueGetterSupplier<TKey, TOut> Then<TOut>(Func<TKey, TValue, (bool Keep, TOut? Value)> derive) =>
        new(StoreNames, context =>
        {
            var parent = Get(context);
            return (TKey key, out TOut? value) =>
            {
                value = default;
                if (!parent(key, out var v) || v is null) return false;
                (var keep, value) = derive(key, v);
                return keep;
            };
        });
}
