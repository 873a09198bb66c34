using Pulse.Streams.Errors;
using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// A node of a task's processor graph. Invariant: children are linked before <see cref="Init"/>,
/// and a node is initialised once and closed once.
/// </summary>
internal abstract class ProcessorNode(string name)
{
    public string Name { get; } = name;
    public List<ProcessorNode> Children { get; } = [];
    public HashSet<string> StoreNames { get; } = [];

    public abstract void Init(TaskContext context);

    public virtual void Close() { }

    /// <summary>The typed children this node forwards (TKey, TValue) records to.</summary>
    protected Forwarder<TKey, TValue> ForwarderOf<TKey, TValue>(TaskContext context) => new(context, this);
}

/// <summary>A node that takes (TKey, TValue) records.</summary>
internal abstract class ProcessorNode<TKey, TValue>(string name) : ProcessorNode(name)
{
    public abstract void Process(Record<TKey, TValue> record);
}

/// <summary>Sends records to a node's children, setting the task's current node around each call.</summary>
internal sealed class Forwarder<TKey, TValue>
{
    private readonly TaskContext _context;
    private readonly ProcessorNode _owner;
    private readonly ProcessorNode<TKey, TValue>[] _children;

    public Forwarder(TaskContext context, ProcessorNode owner)
    {
        _context = context;
        _owner = owner;
        _children = owner.Children.Select(c => c as ProcessorNode<TKey, TValue> ?? throw new TopologyException(
            $"node '{owner.Name}' forwards ({typeof(TKey).Name}, {typeof(TValue).Name}) records, but its child '{c.Name}' takes other types.")).ToArray();
    }

    public bool HasChildren => _children.Length > 0;

    /// <summary>
    /// Hands <paramref name="record"/> to every child. While they run, the task's record context carries the record's
    /// timestamp (as Kafka's forward does), so what they write (a cache entry, a changelog record) is stamped with it.
    /// </summary>
    public void Forward(Record<TKey, TValue> record)
    {
        var children = _children;
        var outer = StampContext(record.Timestamp);
        _forwarding++;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            _context.CurrentNode = child;
            child.Process(record);
        }
        _forwarding--;
        _context.CurrentNode = _owner;
        _context.RecordContext = outer;
    }

    public void Forward(Record<TKey, TValue> record, string childName)
    {
        foreach (var child in _children)
        {
            if (child.Name != childName) continue;
            var outer = StampContext(record.Timestamp);
            _forwarding++;
            _context.CurrentNode = child;
            child.Process(record);
            _forwarding--;
            _context.CurrentNode = _owner;
            _context.RecordContext = outer;
            return;
        }
        throw new StreamsException($"Node '{_owner.Name}' has no child named '{childName}'; its children are [{string.Join(", ", _children.Select(c => c.Name))}].");
    }

    /// <summary>
    /// Stamps the task's record context with <paramref name="timestamp"/> when it differs, in a context this forwarder reuses
    /// (a new one only when a forward through this forwarder is already under way); returns the one to restore.
    /// </summary>
    private ProcessorRecordContext? StampContext(long timestamp)
    {
        var outer = _context.RecordContext;
        if (outer is null || outer.Timestamp == timestamp) return outer;
        if (_forwarding == 0)
        {
            (_stamped ??= ProcessorRecordContext.Reusable()).SetFrom(outer, timestamp);
            _context.RecordContext = _stamped;
        }
        else _context.RecordContext = outer.WithTimestamp(timestamp);
        return outer;
    }

    private ProcessorRecordContext? _stamped;
    private int _forwarding; // forwards through this forwarder under way (a cache flush a child causes may forward through it again)
}
