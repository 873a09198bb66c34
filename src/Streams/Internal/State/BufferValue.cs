using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// One entry of a suppression buffer, as its changelog holds it: the buffer time (its priority),
/// the buffer's observed stream time when it was written, the record to emit (serialized new and
/// old values, timestamp, headers), and the prior value: what the table held for the key before its
/// first buffered update, which is what downstream last saw and what a lookup through the suppressed
/// table answers while the key is buffered (as Kafka's buffer keeps it). The changelog value is
/// everything but the key, so a restore needs nothing beyond key and value:
/// <c>[version 2][buffer time 8][stream time 8][timestamp 8][new value][old value][prior value][header count 4]</c>
/// then per header <c>[key][value]</c>, each field a 4-byte big-endian length (-1 for null) and its bytes; a prior
/// value equal to the old value is written as length -2 and no bytes. Version 1 had no prior value: it reads as the old value.
/// </summary>
internal sealed record BufferValue(long BufferTime, long StreamTime, long Timestamp, byte[]? NewValue, byte[]? OldValue, Headers? Headers)
{
    private const byte Version = 2;
    private const byte VersionWithoutPrior = 1;
    private const int SameAsOld = -2;

    /// <summary>What the table held for the key before the update that first buffered it (null: nothing); the old value unless set.</summary>
    public byte[]? PriorValue { get => _priorSet ? _prior : OldValue; init => (_prior, _priorSet) = (value, true); }

    private readonly byte[]? _prior;
    private readonly bool _priorSet;

    /// <summary>False for an entry read from a version 1 record, which held no prior value (<see cref="PriorValue"/> is then its old value).</summary>
    public bool HasOwnPrior => _priorSet;

    /// <summary>What the buffer counts against its byte limit: buffer time, timestamp, values and headers (the key is counted apart).</summary>
    public long SizeEstimate => 16 + (NewValue?.Length ?? 0) + (OldValue?.Length ?? 0) + (PriorIsOld ? 0 : PriorValue?.Length ?? 0) + HeaderBytes();

    private bool PriorIsOld => ReferenceEquals(PriorValue, OldValue) || (PriorValue is not null && OldValue is not null && PriorValue.AsSpan().SequenceEqual(OldValue));

    public byte[] Serialize()
    {
        var headers = Headers?.ToList() ?? [];
        var priorIsOld = PriorIsOld;
        var size = 1 + 24 + Field(NewValue) + Field(OldValue) + (priorIsOld ? 4 : Field(PriorValue)) + 4
            + headers.Sum(h => Field(Encoding.UTF8.GetBytes(h.Key)) + Field(h.GetValueBytes()));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], BufferTime);
        BinaryPrimitives.WriteInt64BigEndian(span[9..], StreamTime);
        BinaryPrimitives.WriteInt64BigEndian(span[17..], Timestamp);
        var at = 25;
        at = Write(span, at, NewValue);
        at = Write(span, at, OldValue);
        if (priorIsOld)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[at..], SameAsOld);
            at += 4;
        }
        else at = Write(span, at, PriorValue);
        BinaryPrimitives.WriteInt32BigEndian(span[at..], headers.Count);
        at += 4;
        foreach (var header in headers)
        {
            at = Write(span, at, Encoding.UTF8.GetBytes(header.Key));
            at = Write(span, at, header.GetValueBytes());
        }
        return bytes;
    }

    public static BufferValue Deserialize(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.Length < 25 || span[0] is not (Version or VersionWithoutPrior))
            throw new Errors.ProcessorStateException(
                $"A suppression buffer changelog record is not of version {VersionWithoutPrior} or {Version} ({span.Length} bytes, first byte {(span.Length > 0 ? span[0] : -1)}).");
        var bufferTime = BinaryPrimitives.ReadInt64BigEndian(span[1..]);
        var streamTime = BinaryPrimitives.ReadInt64BigEndian(span[9..]);
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(span[17..]);
        var at = 25;
        var newValue = Read(span, ref at);
        var oldValue = Read(span, ref at);
        var prior = oldValue;
        if (span[0] == Version)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(span[at..]) == SameAsOld) at += 4;
            else prior = Read(span, ref at);
        }
        var count = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
        at += 4;
        Headers? headers = null;
        if (count > 0)
        {
            headers = [];
            for (var i = 0; i < count; i++)
            {
                var key = Encoding.UTF8.GetString(Read(span, ref at) ?? []);
                headers.Add(key, Read(span, ref at));
            }
        }
        var value = new BufferValue(bufferTime, streamTime, timestamp, newValue, oldValue, headers);
        return span[0] == Version ? value with { PriorValue = prior } : value; // version 1: no prior of its own (it reads as the old value)
    }

    private long HeaderBytes() => Headers?.Sum(h => (long)Encoding.UTF8.GetByteCount(h.Key) + (h.GetValueBytes()?.Length ?? 0)) ?? 0;

    private static int Field(byte[]? value) => 4 + (value?.Length ?? 0);

    private static int Write(Span<byte> span, int at, byte[]? value)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[at..], value is null ? -1 : value.Length);
        value?.CopyTo(span[(at + 4)..]);
        return at + 4 + (value?.Length ?? 0);
    }

    private static byte[]? Read(ReadOnlySpan<byte> span, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
        at += 4;
        if (length < 0) return null;
        var value = span.Slice(at, length).ToArray();
        at += length;
        return value;
    }
}
