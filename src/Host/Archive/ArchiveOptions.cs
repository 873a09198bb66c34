namespace Pulse.Host.Archive;

/// <summary>
/// <c>pulse archive</c>'s settings (section <see cref="Section"/>): where the Parquet files go and when a file is
/// closed. Validated at start by <see cref="ArchiveOptionsValidator"/>.
/// </summary>
public sealed class ArchiveOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Archive";

    /// <summary>The archive's root directory (<c>--archive</c>). Required.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The consumer group (<c>--group-id</c>); offsets committed to it are for lag monitoring only: the files say where to resume.</summary>
    public string GroupId { get; set; } = "pulse-archive";

    /// <summary>Close a partition's files once its buffered rows reach this many bytes (<c>--roll-mb</c>, default 64 MiB).</summary>
    public long RollBytes { get; set; } = 64L << 20;

    /// <summary>Close a partition's files once its oldest buffered row has waited this long (<c>--roll-interval</c>, default 5 minutes).</summary>
    public TimeSpan RollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows per Parquet row group at most (default 1,000,000).</summary>
    public int RowGroupRows { get; set; } = 1_000_000;
}
