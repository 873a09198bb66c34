namespace Pulse.Host.Archive;

/// <summary>
/// <see cref="IArchiveStorage"/> on a local (or mounted) file system: a file is written as <c>.name.tmp</c> beside its
/// final name, flushed to disk, then renamed, which is atomic within one file system.
/// </summary>
public sealed class LocalArchiveStorage(string root) : IArchiveStorage
{
    private const string TempSuffix = ".tmp";
    private readonly string _root = Path.GetFullPath(root);

    /// <inheritdoc />
    public string Location => _root;

    /// <inheritdoc />
    public Stream Create(string path)
    {
        var temp = TempPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        return new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <inheritdoc />
    public void Publish(string path)
    {
        var temp = TempPath(path);
        using (var file = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) file.Flush(flushToDisk: true);
        File.Move(temp, Full(path), overwrite: true);
    }

    /// <inheritdoc />
    public IEnumerable<string> List(string prefix)
    {
        if (!Directory.Exists(_root)) return [];
        return Directory.EnumerateFiles(_root, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith('.'));
    }

    /// <inheritdoc />
    public void Delete(string path) => File.Delete(Full(path));

    /// <inheritdoc />
    public int DeleteUnpublished()
    {
        if (!Directory.Exists(_root)) return 0;
        var leftovers = Directory.EnumerateFiles(_root, "." + "*" + TempSuffix, SearchOption.AllDirectories).ToList();
        foreach (var file in leftovers) File.Delete(file);
        return leftovers.Count;
    }

    private string Full(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    private string TempPath(string path)
    {
        var full = Full(path);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + TempSuffix);
    }
}
