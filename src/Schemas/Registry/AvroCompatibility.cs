using Avro;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Pulse.Schemas.Registry;

/// <summary>
/// Confluent's compatibility levels over the Avro specification's schema resolution: BACKWARD means
/// a consumer on the new schema reads data written with the old one, FORWARD the reverse, FULL both;
/// the transitive levels check every earlier version, the others the latest. Resolution is checked
/// here rather than with Apache.Avro's <c>Schema.CanRead</c>, which lets any union read any union.
/// </summary>
internal static class AvroCompatibility
{
    /// <summary>
    /// The version (1-based, within <paramref name="earlier"/>) that <paramref name="candidate"/>
    /// conflicts with under <paramref name="level"/>, or null when it is compatible.
    /// </summary>
    public static int? FirstConflict(AvroSchema candidate, IReadOnlyList<AvroSchema> earlier, Compatibility level)
    {
        if (level == Compatibility.None || earlier.Count == 0)
            return null;
        var transitive = level is Compatibility.BackwardTransitive or Compatibility.ForwardTransitive or Compatibility.FullTransitive;
        var backward = level is Compatibility.Backward or Compatibility.BackwardTransitive or Compatibility.Full or Compatibility.FullTransitive;
        var forward = level is Compatibility.Forward or Compatibility.ForwardTransitive or Compatibility.Full or Compatibility.FullTransitive;
        for (var i = earlier.Count - 1; i >= (transitive ? 0 : earlier.Count - 1); i--)
        {
            var old = earlier[i];
            if ((backward && !CanRead(candidate, old)) || (forward && !CanRead(old, candidate)))
                return i + 1;
        }
        return null;
    }

    /// <summary>Whether data written with <paramref name="writer"/> resolves to <paramref name="reader"/>.</summary>
    public static bool CanRead(AvroSchema reader, AvroSchema writer) => CanRead(reader, writer, []);

    private static bool CanRead(AvroSchema reader, AvroSchema writer, HashSet<(AvroSchema, AvroSchema)> assumed)
    {
        reader = reader is LogicalSchema logicalReader ? logicalReader.BaseSchema : reader;
        writer = writer is LogicalSchema logicalWriter ? logicalWriter.BaseSchema : writer;

        if (writer is UnionSchema writerUnion) // every branch the writer may have written must resolve
            return writerUnion.Schemas.All(branch => CanRead(reader, branch, assumed));
        if (reader is UnionSchema readerUnion) // the first branch that resolves is used
            return readerUnion.Schemas.Any(branch => CanRead(branch, writer, assumed));

        return (reader, writer) switch
        {
            (RecordSchema r, RecordSchema w) => r.Fullname == w.Fullname && RecordCanRead(r, w, assumed),
            (EnumSchema r, EnumSchema w) => r.Fullname == w.Fullname && (r.Default is not null || w.Symbols.All(r.Contains)),
            (FixedSchema r, FixedSchema w) => r.Fullname == w.Fullname && r.Size == w.Size,
            (ArraySchema r, ArraySchema w) => CanRead(r.ItemSchema, w.ItemSchema, assumed),
            (MapSchema r, MapSchema w) => CanRead(r.ValueSchema, w.ValueSchema, assumed),
            _ => reader.Tag == writer.Tag || Promotes(writer.Tag, reader.Tag),
        };
    }

    /// <summary>Reader fields take the writer's field of the same name (or an alias) or their default.</summary>
    private static bool RecordCanRead(RecordSchema reader, RecordSchema writer, HashSet<(AvroSchema, AvroSchema)> assumed)
    {
        if (!assumed.Add((reader, writer)))
            return true; // a recursive type: assume the pair resolves while it is being checked
        foreach (var field in reader.Fields)
        {
            var written = writer.TryGetField(field.Name, out var same) ? same
                : field.Aliases?.Select(alias => writer.TryGetField(alias, out var aliased) ? aliased : null).FirstOrDefault(f => f is not null);
            if (written is null ? field.DefaultValue is null : !CanRead(field.Schema, written.Schema, assumed))
                return false;
        }
        return true;
    }

    /// <summary>The specification's promotions: int to long, float or double; long to float or double; float to double; string and bytes both ways.</summary>
    private static bool Promotes(AvroSchema.Type written, AvroSchema.Type read) => (written, read) switch
    {
        (AvroSchema.Type.Int, AvroSchema.Type.Long or AvroSchema.Type.Float or AvroSchema.Type.Double) => true,
        (AvroSchema.Type.Long, AvroSchema.Type.Float or AvroSchema.Type.Double) => true,
        (AvroSchema.Type.Float, AvroSchema.Type.Double) => true,
        (AvroSchema.Type.String, AvroSchema.Type.Bytes) or (AvroSchema.Type.Bytes, AvroSchema.Type.String) => true,
        _ => false,
    };
}
