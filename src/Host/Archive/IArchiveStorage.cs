namespace Pulse.Host.Archive;

/// <summary>
/// Where archive files live. A file is written under a temporary name and then published under its final one in a
/// single step, so a reader (or a restarted archiver) sees a whole file or none. <see cref="LocalArchiveStorage"/> is
/// a directory; an object store fits the same contract (docs/ARCHIVE.md, "Another storage").
/// </summary>
public interface IArchiveStorage
{
    /// <summary>Where the files are, for messages and for readers (DuckDB's <c>read_parquet</c> takes it as a path or URL prefix).</summary>
    string Location { get; }

    /// <summary>A new file's stream, not yet visible under <paramref name="path"/>.</summary>
    Stream Create(string path);

    /// <summary>Makes the file written through <see cref="Create"/> visible under <paramref name="path"/>, whole, durably.</summary>
    void Publish(string path);

    /// <summary>The published files whose paths start with <paramref name="prefix"/> ("" for all), relative to <see cref="Location"/>, '/'-separated.</summary>
    IEnumerable<string> List(string prefix);

    /// <summary>Removes a published file, and any unpublished leftovers of a crash.</summary>
    void Delete(string path);

    /// <summary>Removes unpublished files a crash left behind; returns how many.</summary>
    int DeleteUnpublished();
}
