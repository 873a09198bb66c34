using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A split in progress. Branch names are the split's name followed by the branch's own name, or by
/// its position from 1 (0 for the default branch), as in Kafka.
/// </summary>
internal sealed class BranchedKStreamImpl<TKey, TValue>(KStreamImpl<TKey, TValue> parent, string splitName) : IBranchedKStream<TKey, TValue>
{
    private readonly List<(Func<TKey, TValue, bool> Predicate, string Name, Branched<TKey, TValue>? Branched)> _branches = [];
    private bool _done;

    public IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ThrowIfDone();
        var name = splitName + (branched?.Name ?? (_branches.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_branches.Exists(b => b.Name == name)) throw new Errors.TopologyException($"split '{splitName}' already has a branch named '{name}'.");
        _branches.Add((predicate, name, branched));
        return this;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null) =>
        Finish((splitName + (branched?.Name ?? "0"), branched));

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch() => Finish(null);

    private IReadOnlyDictionary<string, IKStream<TKey, TValue>> Finish((string Name, Branched<TKey, TValue>? Branched)? defaultBranch)
    {
        ThrowIfDone();
        _done = true;
        var builder = parent.Builder;
        var predicates = _branches.Select(b => b.Predicate).ToList();
        var names = _branches.Select(b => b.Name).ToList();
        builder.AddProcessor<TKey, TValue, TKey, TValue>(splitName,
            () => new KStreamBranch<TKey, TValue>(predicates, names, defaultBranch?.Name), parent.NodeName);

        var all = _branches.Select(b => (b.Name, b.Branched)).ToList();
        if (defaultBranch is { } d) all.Add(d);
        var result = new Dictionary<string, IKStream<TKey, TValue>>(StringComparer.Ordinal);
        foreach (var (name, branched) in all)
        {
            builder.AddProcessor<TKey, TValue, TKey, TValue>(name, () => new KStreamPassThrough<TKey, TValue>(), splitName);
            IKStream<TKey, TValue>? stream = new KStreamImpl<TKey, TValue>(builder, name, parent.KeySerde, parent.ValueSerde, parent.RepartitionRequired);
            if (branched?.Chain is { } chain) stream = chain(stream);
            if (stream is not null) result[name] = stream;
        }
        return result;
    }

    private void ThrowIfDone()
    {
        if (_done) throw new InvalidOperationException($"Split '{splitName}' is already finished.");
    }
}
