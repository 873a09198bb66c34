using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>A layer over a byte key-value store that passes everything it does not change to <see cref="Inner"/>.</summary>
internal abstract class WrappedKeyValueStore(IKeyValueStore<Bytes, byte[]> inner) : IKeyValueStore<Bytes, byte[]>, IBatchWritable
{
    public IKeyValueStore<Bytes, byte[]> Inner { get; } = inner;
    public string Name => Inner.Name;
    public bool Persistent => Inner.Persistent;
    public bool IsOpen => Inner.IsOpen;
    public virtual long ApproximateNumEntries => Inner.ApproximateNumEntries;

    public virtual void Init(IStateStoreContext context, IStateStore root) => Inner.Init(context, root);
    public virtual byte[]? Get(Bytes key) => Inner.Get(key);

    public bool TryGet(Bytes key, out byte[] value)
    {
        value = Get(key)!;
        return value is not null;
    }

    public abstract void Put(Bytes key, byte[]? value);

    public virtual byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        var existing = Get(key);
        if (existing is null) Put(key, value);
        return existing;
    }

    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]?>> entries)
    {
        foreach (var (k, v) in entries) Put(k, v);
    }

    public virtual byte[]? Delete(Bytes key)
    {
        var old = Get(key);
        Put(key, null);
        return old;
    }

    public virtual IEnumerable<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to) => Inner.Range(from, to);
    public virtual IEnumerable<KeyValuePair<Bytes, byte[]>> All() => Inner.All();
    public virtual void Flush() => Inner.Flush();
    public virtual void Close() => Inner.Close();

    public void BeginBatch() => (Inner as IBatchWritable)?.BeginBatch();

    public void CommitBatch() => (Inner as IBatchWritable)?.CommitBatch();
}

/// <summary>A layer over a byte window store that passes everything it does not change to <see cref="Inner"/>.</summary>
internal abstract class WrappedWindowStore(IWindowStore<Bytes, byte[]> inner) : IWindowStore<Bytes, byte[]>, IBatchWritable
{
    public IWindowStore<Bytes, byte[]> Inner { get; } = inner;
    public string Name => Inner.Name;
    public bool Persistent => Inner.Persistent;
    public bool IsOpen => Inner.IsOpen;

    public virtual void Init(IStateStoreContext context, IStateStore root) => Inner.Init(context, root);
    public abstract void Put(Bytes key, byte[]? value, long windowStart);
    public virtual byte[]? Fetch(Bytes key, long windowStart) => Inner.Fetch(key, windowStart);
    public virtual IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo) => Inner.Fetch(key, timeFrom, timeTo);
    public virtual IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo) => Inner.FetchAll(timeFrom, timeTo);
    public virtual IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All() => Inner.All();
    public virtual void Flush() => Inner.Flush();
    public virtual void Close() => Inner.Close();

    public void BeginBatch() => (Inner as IBatchWritable)?.BeginBatch();

    public void CommitBatch() => (Inner as IBatchWritable)?.CommitBatch();
}
