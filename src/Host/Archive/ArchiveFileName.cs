using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Host.Archive;

/// <summary>
/// An archive file's name, which says what it holds: <c>&lt;topic&gt;/date=YYYY-MM-DD/hour=HH/&lt;topic&gt;+P+FROM-TO+IofN.parquet</c>.
/// One flush of a partition covers the offsets FROM..TO and writes one file per hour its records fall in (N files, this
/// is the I-th); a flush with fewer than N files published was cut short by a crash. Offsets are zero-padded, so names
/// sort in offset order.
/// </summary>
internal sealed partial record ArchiveFileName(string Topic, DateTime Hour, int Partition, long From, long To, int Index, int Count)
{
    public string Path => string.Create(CultureInfo.InvariantCulture,
        $"{Topic}/date={Hour:yyyy-MM-dd}/hour={Hour:HH}/{Topic}+{Partition:D4}+{From:D19}-{To:D19}+{Index}of{Count}.parquet");

    public static ArchiveFileName? TryParse(string path)
    {
        var m = Pattern().Match(path);
        if (!m.Success) return null;
        var hour = DateTime.ParseExact($"{m.Groups["date"].Value} {m.Groups["hour"].Value}", "yyyy-MM-dd HH", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new ArchiveFileName(m.Groups["topic"].Value, hour, Int(m, "partition"), Long(m, "from"), Long(m, "to"), Int(m, "index"), Int(m, "count"));
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static long Long(Match m, string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<topic>[^/]+)/date=(?<date>\d{4}-\d{2}-\d{2})/hour=(?<hour>\d{2})/\k<topic>\+(?<partition>\d+)\+(?<from>\d+)-(?<to>\d+)\+(?<index>\d+)of(?<count>\d+)\.parquet$")]
    private static partial Regex Pattern();
}
