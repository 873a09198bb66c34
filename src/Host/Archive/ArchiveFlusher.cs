using Parquet;

namespace Pulse.Host.Archive;

/// <summary>
/// Writes a partition's buffer as files (one per hour, Zstandard-compressed, row groups of up to
/// <see cref="ArchiveOptions.RowGroupRows"/>), each first under a temporary name, then publishes them all: a crash
/// leaves either the whole flush or a set that <see cref="ArchiveIndex"/> recognizes as cut short.
/// </summary>
internal sealed class ArchiveFlusher(IArchiveStorage storage, int rowGroupRows)
{
    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };

    /// <summary>Writes and publishes <paramref name="buffer"/>'s files; returns their names.</summary>
    public async Task<IReadOnlyList<ArchiveFileName>> FlushAsync(PartitionBuffer buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty) return [];
        var hours = buffer.Hours.Where(h => h.Value.Count > 0).ToList();
        if (hours.Count == 0) hours = [buffer.Hours.First()]; // every record unreadable: one empty file still records the offsets as done
        var names = hours.Select((h, i) => new ArchiveFileName(buffer.Partition.Topic, h.Key, buffer.Partition.Partition.Value, buffer.From, buffer.To, i + 1, hours.Count)).ToList();
        for (var i = 0; i < hours.Count; i++)
        {
            var rows = hours[i].Value;
            var stream = storage.Create(names[i].Path);
            await using (stream.ConfigureAwait(false))
            {
                var writer = await ParquetWriter.CreateAsync(rows.Schema, stream, Options, false, cancellationToken).ConfigureAwait(false);
                await using (writer.ConfigureAwait(false))
                {
                    writer.CustomMetadata = new Dictionary<string, string>
                    {
                        ["pulse.topic"] = buffer.Partition.Topic,
                        ["pulse.partition"] = buffer.Partition.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["pulse.offsets"] = $"{buffer.From}-{buffer.To}",
                    };
                    for (var start = 0; start < rows.Count || start == 0; start += rowGroupRows)
                        await rows.WriteAsync(writer, start, Math.Min(rowGroupRows, rows.Count - start), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        foreach (var name in names) storage.Publish(name.Path);
        return names;
    }
}
