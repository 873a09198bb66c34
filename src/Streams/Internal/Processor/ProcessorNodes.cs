using Pulse.Streams.Errors;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Processor;

/// <summary>Runs an <see cref="IProcessor{TKeyIn, TValueIn, TKeyOut, TValueOut}"/>; a throw goes to the processing-error handler.</summary>
internal sealed class ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut> processor)
    : ProcessorNode<TKeyIn, TValueIn>(name)
{
    private TaskContext? _context;

    public override void Init(TaskContext context)
    {
        _context = context;
        context.CurrentNode = this;
        processor.Init(new NodeContext<TKeyOut, TValueOut>(context, this, ForwarderOf<TKeyOut, TValueOut>(context)));
    }

    public override void Process(Record<TKeyIn, TValueIn> record)
    {
        try
        {
            processor.Process(record);
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            _context!.Errors.HandleProcessingError(this, record.Key, record.Value, ex);
        }
    }

    public override void Close() => processor.Close();
}

/// <summary>Runs an <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/>.</summary>
internal sealed class FixedKeyProcessorNode<TKey, TValueIn, TValueOut>(string name, IFixedKeyProcessor<TKey, TValueIn, TValueOut> processor)
    : ProcessorNode<TKey, TValueIn>(name)
{
    private TaskContext? _context;

    public override void Init(TaskContext context)
    {
        _context = context;
        context.CurrentNode = this;
        processor.Init(new FixedKeyNodeContext<TKey, TValueOut>(context, this, ForwarderOf<TKey, TValueOut>(context)));
    }

    public override void Process(Record<TKey, TValueIn> record)
    {
        try
        {
            processor.Process(new FixedKeyRecord<TKey, TValueIn>(record.Key, record.Value, record.Timestamp, record.Headers));
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            _context!.Errors.HandleProcessingError(this, record.Key, record.Value, ex);
        }
    }

    public override void Close() => processor.Close();
}

/// <summary>The context a processor sees: the task's, scoped to its node.</summary>
internal class NodeContextBase(TaskContext task, ProcessorNode node) : IProcessingContext
{
    protected TaskContext Task { get; } = task;
    protected ProcessorNode Node { get; } = node;

    public string ApplicationId => Task.ApplicationId;
    public TaskId TaskId => Task.TaskId;
    public IRecordMetadata? RecordMetadata => Task.RecordContext is { HasSource: true } rc ? rc.Snapshot() : null;
    public long CurrentStreamTimeMs => Task.StreamTime;
    public long CurrentSystemTimeMs => Task.WallClockMs;
    public StreamsConfig Config => Task.Config;

    public TStore GetStateStore<TStore>(string name) where TStore : IStateStore => Task.GetStateStore<TStore>(Node, name);

    public ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) => Task.Schedule(Node, interval, type, punctuator);

    public void Commit() => Task.CommitRequested = true;

    public TaskMetrics TaskMetrics => Task.Metrics;

    /// <summary>Runs <paramref name="close"/> when the task's processors close.</summary>
    internal void OnTaskClose(Action close) => Task.CloseActions.Add(close);
}

internal sealed class NodeContext<TKeyOut, TValueOut>(TaskContext task, ProcessorNode node, Forwarder<TKeyOut, TValueOut> forwarder)
    : NodeContextBase(task, node), IProcessorContext<TKeyOut, TValueOut>
{
    public void Forward(Record<TKeyOut, TValueOut> record) => forwarder.Forward(record);

    public void Forward(Record<TKeyOut, TValueOut> record, string childName) => forwarder.Forward(record, childName);
}

internal sealed class FixedKeyNodeContext<TKey, TValueOut>(TaskContext task, ProcessorNode node, Forwarder<TKey, TValueOut> forwarder)
    : NodeContextBase(task, node), IFixedKeyProcessorContext<TKey, TValueOut>
{
    public void Forward(FixedKeyRecord<TKey, TValueOut> record) =>
        forwarder.Forward(new Record<TKey, TValueOut>(record.Key, record.Value, record.Timestamp, record.Headers));

    public void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName) =>
        forwarder.Forward(new Record<TKey, TValueOut>(record.Key, record.Value, record.Timestamp, record.Headers), childName);
}
