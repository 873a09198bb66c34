using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Sends every put of a versioned store to its changelog topic after applying it, as Kafka: the record's timestamp is the
/// put's (when the value became valid), so a restore replays the history. A put the store refused is logged too; replayed,
/// it is refused again.
/// </summary>
internal sealed class ChangeLoggingVersionedKeyValueStore(IVersionedBytesStore inner) : IVersionedBytesStore
{
    private TaskContext? _task;
    private string _topic = "";

    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;
    public long HistoryRetentionMs => inner.HistoryRetentionMs;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _topic = _task.ChangelogTopic(Name);
        inner.Init(context, root);
    }

    public long Put(Bytes key, byte[]? value, long timestamp)
    {
        var result = inner.Put(key, value, timestamp);
        var task = _task!;
        task.Collector.SendRaw(_topic, task.TaskId.Partition, key.Get(), value, null, timestamp);
        return result;
    }

    public VersionedBytes? Get(Bytes key) => inner.Get(key);

    public VersionedBytes? Get(Bytes key, long asOfTimestamp) => inner.Get(key, asOfTimestamp);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();
}
