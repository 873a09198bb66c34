namespace Pulse.Schemas.Internal;

/// <summary>
/// Avro binary encoding of one generated record type, without Apache.Avro's per-field boxing: the
/// generator emits one sealed subclass per record of <c>avro/</c> (<c>Generated/Codecs</c>), which
/// reads and writes the typed properties in the schema's field order. It only reads bytes written
/// with that exact schema; other writer schemas go through Apache.Avro's resolving reader.
/// </summary>
internal abstract class AvroCodec<T>
{
    /// <summary>Appends <paramref name="value"/>'s Avro encoding, byte for byte what Apache.Avro writes.</summary>
    public abstract void Encode(T value, ref AvroWriter writer);

    /// <summary>Reads one record written with the record's own schema.</summary>
    public abstract T Decode(ref AvroReader reader);
}
