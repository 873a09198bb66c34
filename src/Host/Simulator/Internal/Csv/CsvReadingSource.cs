using System.Globalization;
using System.Text;
using CsvHelper;

namespace Pulse.Host.Simulator.Internal.Csv;

/// <summary>
/// A CSV file of readings, replayed in file order: CsvHelper splits the records (RFC 4180 quoting,
/// blank lines skipped, cells trimmed, line numbers counted), <see cref="CsvColumns"/> maps the
/// header, <see cref="CsvRowParser"/> reads each row. Rows with broken quoting or the wrong number of
/// cells are rejected with their line, like rows whose cells do not parse; reading goes on.
/// </summary>
internal sealed class CsvReadingSource : IReadingSource
{
    private readonly CsvReader _reader;
    private readonly CsvRowParser _parser;
    private readonly Queue<RejectedRow> _malformed = new();
    private readonly long _length;
    private long _offset;

    /// <exception cref="CsvHeaderException">The header has no <c>patient_id</c>, or a field twice.</exception>
    private CsvReadingSource(Func<CsvReaderOptions, CsvReader> open, long length, string description, TimeProvider time)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => _malformed.Enqueue(new RejectedRow(m.LineNumber, [Describe(m.Reason)])),
            FormatProvider = CultureInfo.InvariantCulture,
        };
        _reader = open(options);
        _length = length;
        try
        {
            Columns = CsvColumns.FromHeader([.. _reader.Headers]);
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
        _parser = new CsvRowParser(Columns, time);
        Description = description;
    }

    public CsvColumns Columns { get; }

    public string Description { get; }

    public double? Progress => _length <= 0 ? null : Math.Clamp((double)Volatile.Read(ref _offset) / _length, 0, 1);

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="CsvHeaderException">The header cannot be used.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CsvReadingSource Open(string path, TimeProvider time)
    {
        var length = new FileInfo(path).Length;
        return new CsvReadingSource(options => CsvReader.FromFile(path, options), length, $"replaying {path}", time);
    }

    /// <summary>CSV text held in memory (tests).</summary>
    public static CsvReadingSource FromText(string text, TimeProvider time) =>
        new(options => CsvReader.FromText(text, options), Encoding.UTF8.GetByteCount(text), "replaying CSV text", time);

    public IEnumerable<SourceItem> Items()
    {
        while (_reader.Read())
        {
            while (_malformed.TryDequeue(out var rejected)) yield return SourceItem.Of(rejected);
            Volatile.Write(ref _offset, _reader.ByteOffset);
            var cells = new string[_reader.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = _reader.GetString(i);
            yield return _parser.Parse(cells, _reader.LineNumber);
        }
        while (_malformed.TryDequeue(out var rejected)) yield return SourceItem.Of(rejected);
        Volatile.Write(ref _offset, _length);
    }

    public void Dispose() => _reader.Dispose();

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted cell (quote the whole cell and double the quote)",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "a quoted cell that is never closed",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside quotes",
        _ => $"malformed CSV ({reason})",
    };
}
