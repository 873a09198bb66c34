using System.Runtime.Serialization;

namespace Pulse.Schemas;

/// <summary>
/// Bytes that cannot be read as a record: not Confluent's wire format (no magic byte 0, shorter
/// than the 5-byte header), a schema id the registry does not know, or an Avro body that does not
/// match its schema. The record is at fault, not the process: dead-letter it. A registry that cannot
/// be reached is not this exception (the record may read fine on a retry).
/// </summary>
public sealed class AvroPayloadException : SerializationException
{
    /// <summary>Creates the exception; <paramref name="schemaId"/> is null when the header was unreadable.</summary>
    public AvroPayloadException(string message, int? schemaId, Exception? innerException = null)
        : base(message, innerException) => SchemaId = schemaId;

    /// <summary>The schema id of the record's header, or null when there was no readable header.</summary>
    public int? SchemaId { get; }
}
