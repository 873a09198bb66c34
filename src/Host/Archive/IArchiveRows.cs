using Confluent.Kafka;
using Parquet;
using Parquet.Schema;

namespace Pulse.Host.Archive;

/// <summary>Rows of one topic's files, buffered column by column until a flush writes them as one Parquet row group.</summary>
internal interface IArchiveRows
{
    ParquetSchema Schema { get; }

    int Count { get; }

    /// <summary>About how many bytes the buffered rows take (to roll files by size).</summary>
    long Bytes { get; }

    /// <summary>Adds a record; false when the record is not one this layout can hold (it is then counted and skipped).</summary>
    bool Add(ConsumeResult<byte[], byte[]> record);

    /// <summary>Writes rows [<paramref name="start"/>, start + <paramref name="count"/>) as one row group.</summary>
    Task WriteAsync(ParquetWriter writer, int start, int count, CancellationToken cancellationToken);
}
