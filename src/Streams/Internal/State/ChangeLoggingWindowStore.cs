using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>Sends every window write to the changelog, keyed [key][window start][sequence], after writing it below.</summary>
internal sealed class ChangeLoggingWindowStore(IWindowStore<Bytes, byte[]> inner, bool retainDuplicates) : WrappedWindowStore(inner)
{
    private TaskContext? _task;
    private string _topic = "";
    private int _sequence;

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _topic = _task.ChangelogTopic(Name);
        base.Init(context, root);
    }

    public override void Put(Bytes key, byte[]? value, long windowStart)
    {
        Inner.Put(key, value, windowStart);
        var sequence = retainDuplicates ? ++_sequence : 0;
        var task = _task!;
        task.Collector.SendRaw(_topic, task.TaskId.Partition, WindowKeySchema.ToChangelogKey(key.Span, windowStart, sequence), value, null, task.CurrentTimestamp);
    }
}
