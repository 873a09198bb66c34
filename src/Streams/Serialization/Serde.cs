using Confluent.Kafka;

namespace Pulse.Streams.Serialization;

/// <summary>
/// A serializer and deserializer pair for one type. Built on Confluent.Kafka's
/// <see cref="ISerializer{T}"/> and <see cref="IDeserializer{T}"/>, so Confluent's serdes
/// (Avro, Protobuf, JSON Schema via <c>AsSyncOverAsync()</c>) plug in unchanged.
/// </summary>
/// <typeparam name="T">The type carried.</typeparam>
public sealed class Serde<T>
{
    /// <summary>Creates a serde from a serializer and a deserializer.</summary>
    public Serde(ISerializer<T> serializer, IDeserializer<T> deserializer)
    {
        Serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        Deserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        _bytesAsTheyAre = typeof(T) == typeof(byte[]) && ReferenceEquals(deserializer, Deserializers.ByteArray);
        _utf8 = typeof(T) == typeof(string) && ReferenceEquals(serializer, Serializers.Utf8) && ReferenceEquals(deserializer, Deserializers.Utf8);
    }

    private readonly bool _utf8;

    /// <summary>
    /// Whether serializing what <paramref name="bytes"/> deserialize to gives <paramref name="bytes"/> again, so a key passed on
    /// unchanged can be written with the bytes it was read from: true for the UTF-8 string serde and valid UTF-8.
    /// </summary>
    internal bool Reproduces(byte[] bytes) => _utf8 && System.Text.Unicode.Utf8.IsValid(bytes);

    // Confluent's byte-array deserializer copies what it is given; the record's own array is handed on instead, as Kafka's
    // ByteArrayDeserializer does (one copy less of every value read as bytes).
    private readonly bool _bytesAsTheyAre;

    /// <summary>Turns a value into bytes.</summary>
    public ISerializer<T> Serializer { get; }

    /// <summary>Turns bytes into a value.</summary>
    public IDeserializer<T> Deserializer { get; }

    /// <summary>
    /// Serializes <paramref name="value"/>, or returns null for a null value without calling
    /// the serializer (a tombstone), the way Kafka's serdes treat null.
    /// </summary>
    public byte[]? Serialize(T? value, in SerializationContext context) =>
        value is null ? null : Serializer.Serialize(value, context);

    /// <summary>
    /// Deserializes <paramref name="data"/>, or returns the default of <typeparamref name="T"/>
    /// for null bytes without calling the deserializer. <see cref="Serdes.ByteArray"/> returns
    /// <paramref name="data"/> itself, not a copy.
    /// </summary>
    public T? Deserialize(byte[]? data, in SerializationContext context) =>
        data is null ? default : _bytesAsTheyAre ? (T)(object)data : Deserializer.Deserialize(data, false, context);
}
