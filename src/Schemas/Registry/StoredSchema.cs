using System.Security.Cryptography;
using System.Text;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Pulse.Schemas.Registry;

/// <summary>
/// One schema the in-process registry holds, under its id. Immutable; <see cref="Text"/> is
/// Avro's own rendering of the parsed schema, the key two spellings of one schema share.
/// <see cref="Lookup"/> is the completed task every lookup by id returns, so the
/// deserializers' per-record lookups allocate nothing.
/// </summary>
internal sealed class StoredSchema
{
    public StoredSchema(int id, AvroSchema parsed)
    {
        Id = id;
        Parsed = parsed;
        Text = parsed.ToString();
        Guid = GuidOf(Text);
        Schema = new Schema(Text, [], SchemaType.Avro);
        Lookup = Task.FromResult(Schema);
    }

    public int Id { get; }
    public string Guid { get; }
    public string Text { get; }
    public AvroSchema Parsed { get; }
    public Schema Schema { get; }
    public Task<Schema> Lookup { get; }

    public RegisteredSchema Under(string subject, int version) =>
        new(subject, version, Id, Guid, Text, SchemaType.Avro, []);

    /// <summary>A guid that depends only on the schema, so separate processes agree on it too.</summary>
    private static string GuidOf(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new Guid(hash[..16]).ToString();
    }
}
