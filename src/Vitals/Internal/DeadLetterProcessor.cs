using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Processor;

namespace Pulse.Vitals.Internal;

/// <summary>
/// Turns a rejected reading back into its original bytes with the headers of
/// <see cref="InvalidReadingHeaders"/>: the record's own headers first, then the reasons and where
/// it came from. Key and timestamp pass through unchanged; a value over <c>maxPayloadBytes</c> is cut, with
/// headers giving its size and SHA-256 (<see cref="DeadLetterPayload"/>), so it still fits the topic.
/// </summary>
internal sealed class DeadLetterProcessor(string rejectingNode, int maxPayloadBytes) : IFixedKeyProcessor<string, CheckedReading, byte[]>
{
    private IFixedKeyProcessorContext<string, byte[]> _context = null!;

    public void Init(IFixedKeyProcessorContext<string, byte[]> context) => _context = context;

    public void Process(FixedKeyRecord<string, CheckedReading> record)
    {
        var rejected = record.Value;
        var headers = new Headers();
        if (record.Headers is { } original)
            foreach (var h in original) headers.Add(h.Key, h.GetValueBytes());
        var reasons = rejected.Reasons ?? [];
        foreach (var reason in reasons) headers.Add(InvalidReadingHeaders.Reason, Encoding.UTF8.GetBytes(reason.Code));
        headers.Add(InvalidReadingHeaders.Message, Encoding.UTF8.GetBytes(string.Join("; ", reasons)));
        var source = _context.RecordMetadata;
        headers.Add(InvalidReadingHeaders.Topic, Encoding.UTF8.GetBytes(source?.Topic ?? ""));
        headers.Add(InvalidReadingHeaders.Partition, Text(source?.Partition ?? -1));
        headers.Add(InvalidReadingHeaders.Offset, Text(source?.Offset ?? -1));
        headers.Add(InvalidReadingHeaders.ProcessorNode, Encoding.UTF8.GetBytes(rejectingNode));
        if (rejected.Error is { } error)
        {
            headers.Add(InvalidReadingHeaders.Exception, Encoding.UTF8.GetBytes(error.GetType().FullName ?? error.GetType().Name));
            headers.Add(InvalidReadingHeaders.StackTrace, Encoding.UTF8.GetBytes(error.StackTrace ?? ""));
        }
        var payload = DeadLetterPayload.Fit(rejected.Raw, headers, maxPayloadBytes);
        _context.Forward(new FixedKeyRecord<string, byte[]>(record.Key, payload!, record.Timestamp, headers));
    }

    private static byte[] Text(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
