using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>Sends every session write and removal to the changelog, keyed [key][end][start] (a removal as a null value), after writing it below.</summary>
internal sealed class ChangeLoggingSessionStore(ISessionStore<Bytes, byte[]> inner) : WrappedSessionStore(inner)
{
    private TaskContext? _task;
    private string _topic = "";

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _topic = _task.ChangelogTopic(Name);
        base.Init(context, root);
    }

    public override void Put(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        Inner.Put(sessionKey, aggregate);
        Log(sessionKey, aggregate);
    }

    public override void Remove(Windowed<Bytes> sessionKey)
    {
        Inner.Remove(sessionKey);
        Log(sessionKey, null);
    }

    private void Log(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        var task = _task!;
        task.Collector.SendRaw(_topic, task.TaskId.Partition, SessionKeySchema.ToBinary(sessionKey), aggregate, null, task.CurrentTimestamp);
    }
}
