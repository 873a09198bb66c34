using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A split in progress. As in Kafka, the split's node exists from <c>Split()</c> and each branch's from its <c>Branch()</c>
/// (its chain applied at once), so records are routed whether or not <c>DefaultBranch()</c> or <c>NoDefaultBranch()</c> is
/// called; those only add the default branch, or not, and return the branches. Branch names are the split's name followed
/// by the branch's own name, or by its position from 1 (0 for the default branch).
/// </summary>
internal sealed class BranchedKStreamImpl<TKey, TValue> : IBranchedKStream<TKey, TValue>
{
    private readonly KStreamImpl<TKey, TValue> _parent;
    private readonly string _splitName;
    private readonly List<Func<TKey, TValue, bool>> _predicates = [];
    private readonly List<string> _names = [];
    private readonly Dictionary<string, IKStream<TKey, TValue>> _outputs = new(StringComparer.Ordinal);
    private string? _defaultName;
    private bool _done;

    public BranchedKStreamImpl(KStreamImpl<TKey, TValue> parent, string splitName)
    {
        (_parent, _splitName) = (parent, splitName);
        // The lists are read when the topology is built, after every Branch() call.
        parent.Builder.AddProcessor<TKey, TValue, TKey, TValue>(splitName, () => new KStreamBranch<TKey, TValue>(_predicates, _names, _defaultName), parent.NodeName);
    }

    public IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ThrowIfDone();
        var name = _splitName + (branched?.Name ?? (_predicates.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_names.Contains(name)) throw new Errors.TopologyException($"split '{_splitName}' already has a branch named '{name}'.");
        _predicates.Add(predicate);
        _names.Add(name);
        AddBranch(name, branched);
        return this;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null)
    {
        ThrowIfDone();
        _defaultName = _splitName + (branched?.Name ?? "0");
        AddBranch(_defaultName, branched);
        _done = true;
        return _outputs;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch()
    {
        ThrowIfDone();
        _done = true;
        return _outputs;
    }

    private void AddBranch(string name, Branched<TKey, TValue>? branched)
    {
        var builder = _parent.Builder;
        builder.AddProcessor<TKey, TValue, TKey, TValue>(name, () => new KStreamPassThrough<TKey, TValue>(), _splitName);
        IKStream<TKey, TValue>? stream = new KStreamImpl<TKey, TValue>(builder, name, _parent.KeySerde, _parent.ValueSerde, _parent.RepartitionRequired);
        if (branched?.Chain is { } chain) stream = chain(stream);
        if (stream is not null) _outputs[name] = stream;
    }

    private void ThrowIfDone()
    {
        if (_done) throw new InvalidOperationException($"Split '{_splitName}' is already finished.");
    }
}
