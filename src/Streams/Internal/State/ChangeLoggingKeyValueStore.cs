using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Sends every write to the store's changelog topic (<c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>,
/// partition = the task's), through the task's collector, after writing it to the inner store.
/// </summary>
internal sealed class ChangeLoggingKeyValueStore(IKeyValueStore<Bytes, byte[]> inner) : WrappedKeyValueStore(inner)
{
    private TaskContext? _task;
    private string _topic = "";

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _topic = _task.ChangelogTopic(Name);
        base.Init(context, root);
    }

    public override void Put(Bytes key, byte[]? value)
    {
        Inner.Put(key, value);
        Log(key, value);
    }

    public override byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        var existing = Inner.PutIfAbsent(key, value);
        if (existing is null) Log(key, value);
        return existing;
    }

    public override byte[]? Delete(Bytes key)
    {
        var old = Inner.Delete(key);
        Log(key, null);
        return old;
    }

    private void Log(Bytes key, byte[]? value)
    {
        var task = _task!;
        task.Collector.SendRaw(_topic, task.TaskId.Partition, key.Get(), value, null, task.CurrentTimestamp);
    }
}

internal static class TaskContexts
{
    public static TaskContext Of(IStateStoreContext context, string storeName) => context as TaskContext ?? throw new InvalidOperationException(
        $"State store '{storeName}' needs a task's context to log and cache; got a {context.GetType().Name}.");
}
