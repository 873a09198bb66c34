using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Finds the stores of this instance for interactive queries: the same-named stores of the tasks
/// in every stream thread's published snapshot (<see cref="TaskManager.Snapshot"/>), or the global
/// store. The composite it returns asks again on every read, so it follows rebalances.
/// </summary>
internal sealed class LocalStores(RuntimeContext runtime, Func<IReadOnlyList<StreamThread>> threads, Func<KafkaStreamsState> state)
{
    /// <summary>The store <paramref name="storeName"/> of the topology.</summary>
    /// <exception cref="UnknownStateStoreException">The topology has no such store.</exception>
    public static StoreFactory Find(RuntimeContext runtime, string storeName) =>
        runtime.Builder.Stores.FirstOrDefault(s => s.Builder.Name == storeName) ?? throw new UnknownStateStoreException(
            $"The topology has no state store named '{storeName}'; its stores are [{string.Join(", ", runtime.Builder.Stores.Select(s => s.Builder.Name))}].");

    /// <summary>A read-only composite over this instance's stores named <paramref name="storeName"/>, as a <typeparamref name="TStore"/>.</summary>
    public TStore Get<TStore>(string storeName) where TStore : class
    {
        var factory = Find(runtime, storeName);
        // A fresh, unopened instance only tells the store's typed face (nothing native is opened).
        if (factory.Builder.Build() is not IQueryableStore sample)
            throw new UnknownStateStoreException($"State store '{storeName}' cannot be queried: it was not built by a Pulse store builder.");
        Func<IReadOnlyList<IStateStore>> stores = factory.IsGlobal ? () => GlobalStore(storeName) : () => TaskStores(storeName);
        var composite = AsksForTimestamps(typeof(TStore)) && sample is ITimestampedStore { Timestamped: true } stamped
            ? stamped.TimestampedComposite(stores)
            : sample.Composite(stores);
        return composite as TStore ?? throw new ArgumentException(
            $"State store '{storeName}' is queried as {Describe(composite.GetType().GetInterfaces()[0])}, not as {Describe(typeof(TStore))}.", nameof(TStore));
    }

    /// <summary>An <c>IReadOnlyKeyValueStore&lt;TKey, ValueAndTimestamp&lt;TValue&gt;&gt;</c>: a table's rows with their timestamps.</summary>
    private static bool AsksForTimestamps(Type store) =>
        store.IsGenericType && store.GetGenericTypeDefinition() == typeof(IReadOnlyKeyValueStore<,>)
        && store.GetGenericArguments()[1] is { IsGenericType: true } value && value.GetGenericTypeDefinition() == typeof(ValueAndTimestamp<>);

    private IReadOnlyList<IStateStore> GlobalStore(string storeName)
    {
        ThrowIfStopped(storeName);
        return [runtime.GlobalStores[storeName]];
    }

    private IReadOnlyList<IStateStore> TaskStores(string storeName)
    {
        ThrowIfStopped(storeName);
        var result = new List<IStateStore>();
        foreach (var thread in threads())
            foreach (var task in thread.Tasks.Snapshot)
                foreach (var store in task.Topology.Stores)
                    if (store.Name == storeName) result.Add(store);
        var now = state();
        if (result.Count == 0 && now != KafkaStreamsState.Running)
            throw new InvalidStateStoreException($"State store '{storeName}' has no open task on this instance while it is {now}; retry once it is Running.");
        return result;
    }

    private void ThrowIfStopped(string storeName)
    {
        var now = state();
        if (now is KafkaStreamsState.Created or KafkaStreamsState.NotRunning or KafkaStreamsState.Error)
            throw new InvalidStateStoreException($"State store '{storeName}' cannot be queried: KafkaStreams is {now}.");
    }

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;
}
