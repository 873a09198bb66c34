namespace Pulse.Host.Archive;

/// <summary>
/// What the archive holds, read from its file names at start: per topic and partition, the next offset to archive.
/// A flush whose files were not all published (a crash between renames) is removed, and so are unpublished files:
/// their offsets are read again.
/// </summary>
internal sealed class ArchiveIndex
{
    private readonly Dictionary<(string Topic, int Partition), long> _next = [];

    private ArchiveIndex()
    {
    }

    /// <summary>Files of flushes cut short, removed.</summary>
    public int RemovedIncomplete { get; private init; }

    /// <summary>Unpublished files of a crash, removed.</summary>
    public int RemovedUnpublished { get; private init; }

    /// <summary>Files found whole.</summary>
    public int Files { get; private init; }

    /// <summary>The first offset of <paramref name="partition"/> of <paramref name="topic"/> the archive lacks, or null when it holds none.</summary>
    public long? Next(string topic, int partition) => _next.TryGetValue((topic, partition), out var next) ? next : null;

    public static ArchiveIndex Load(IArchiveStorage storage, IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var unpublished = storage.DeleteUnpublished();
        var files = new List<(string Path, ArchiveFileName Name)>();
        foreach (var topic in topics)
            foreach (var path in storage.List(topic + "/"))
                if (ArchiveFileName.TryParse(path) is { } name && name.Topic == topic) files.Add((path, name));
        var removed = 0;
        var whole = 0;
        var index = new Dictionary<(string, int), long>();
        foreach (var flush in files.GroupBy(f => (f.Name.Topic, f.Name.Partition, f.Name.From, f.Name.To)))
        {
            var count = flush.First().Name.Count;
            if (flush.Select(f => f.Name.Index).Distinct().Count() < count)
            {
                foreach (var (path, _) in flush) storage.Delete(path);
                removed += flush.Count();
                continue;
            }
            whole += flush.Count();
            var key = (flush.Key.Topic, flush.Key.Partition);
            index[key] = Math.Max(index.GetValueOrDefault(key, 0), flush.Key.To + 1);
        }
        var result = new ArchiveIndex { RemovedIncomplete = removed, RemovedUnpublished = unpublished, Files = whole };
        foreach (var (key, next) in index) result._next[key] = next;
        return result;
    }
}
