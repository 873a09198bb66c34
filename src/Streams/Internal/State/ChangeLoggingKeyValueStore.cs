using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Sends every write to the store's changelog topic (<c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>,
/// partition = the task's), through the task's collector, after writing it to the inner store. A timestamped store's
/// record carries the value alone, its row's timestamp as the record's, as Kafka's timestamped stores log (and as a
/// table's source topic holds its rows): a restore joins the two again.
/// </summary>
internal sealed class ChangeLoggingKeyValueStore(IKeyValueStore<Bytes, byte[]> inner) : WrappedKeyValueStore(inner)
{
    private TaskContext? _task;
    private string _topic = "";
    private bool _timestamped;

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _topic = _task.ChangelogTopic(Name);
        _timestamped = root is ITimestampedStore { Timestamped: true };
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
        var timestamp = task.CurrentTimestamp;
        if (_timestamped && value is not null)
        {
            var stamped = TimestampedValues.TimestampOf(value);
            if (stamped >= 0) timestamp = stamped;
            value = value.AsSpan(8).ToArray();
        }
        task.Collector.SendRaw(_topic, task.TaskId.Partition, key.Get(), value, null, timestamp);
    }
}

internal static class TaskContexts
{
    public static TaskContext Of(IStateStoreContext context, string storeName) => context as TaskContext ?? throw new InvalidOperationException(
        $"State store '{storeName}' needs a task's context to log and cache; got a {context.GetType().Name}.");
}
