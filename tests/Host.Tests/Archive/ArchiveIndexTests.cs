using Pulse.Host.Archive;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Archive;

/// <summary>What a restarted archiver reads from the file names: where each partition resumes, and what a crash left to remove.</summary>
public sealed class ArchiveIndexTests : IDisposable
{
    private static readonly DateTime Hour = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _folder = new("pulse-archive-");

    [Fact]
    public void FileName_RoundTrips_AndSortsByOffset()
    {
        var name = new ArchiveFileName("vitals.raw", Hour, 3, 1_000, 1_999, 1, 2);

        Assert.Equal("vitals.raw/date=2026-12-06/hour=08/vitals.raw+0003+0000000000000001000-0000000000000001999+1of2.parquet", name.Path);
        Assert.Equal(name, ArchiveFileName.TryParse(name.Path));
        Assert.Null(ArchiveFileName.TryParse("vitals.raw/date=2026-12-06/hour=08/other.parquet"));
        Assert.True(string.CompareOrdinal(name.Path, (name with { From = 2_000, To = 9_999 }).Path) < 0);
    }

    [Fact]
    public void Load_ResumesAfterTheLastWholeFlush_RemovingAFlushCutShortAndUnpublishedFiles()
    {
        var storage = new LocalArchiveStorage(_folder.Path);
        Publish(storage, new("vitals.raw", Hour, 0, 0, 99, 1, 1));
        Publish(storage, new("vitals.raw", Hour, 0, 100, 199, 1, 2));
        Publish(storage, new("vitals.raw", Hour.AddHours(1), 0, 100, 199, 2, 2));
        Publish(storage, new("vitals.raw", Hour.AddHours(1), 0, 200, 299, 1, 2)); // its 2of2 never made it
        Publish(storage, new("vitals.raw", Hour, 1, 0, 49, 1, 1));
        using (storage.Create(new ArchiveFileName("vitals.raw", Hour, 1, 50, 99, 1, 1).Path)) { } // written, never published

        var index = ArchiveIndex.Load(storage, ["vitals.raw", "vitals.enriched"]);

        Assert.Equal(200, index.Next("vitals.raw", 0));
        Assert.Equal(50, index.Next("vitals.raw", 1));
        Assert.Null(index.Next("vitals.raw", 2));
        Assert.Null(index.Next("vitals.enriched", 0));
        Assert.Equal((1, 1, 4), (index.RemovedIncomplete, index.RemovedUnpublished, index.Files));
        Assert.Equal(4, storage.List("").Count());
        Assert.Empty(Directory.GetFiles(_folder.Path, ".*", SearchOption.AllDirectories));
    }

    public void Dispose() => _folder.Dispose();

    private static void Publish(IArchiveStorage storage, ArchiveFileName name)
    {
        using (var stream = storage.Create(name.Path)) stream.WriteByte(1);
        storage.Publish(name.Path);
    }
}
