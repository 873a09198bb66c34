using Avro;

namespace Pulse.Schemas.Generator;

/// <summary>
/// What the generated codecs can encode, and the C# type Apache.Avro's <see cref="CodeGen"/> gives
/// each schema (the type of the property a codec reads and writes).
/// </summary>
internal static class CodecTypes
{
    /// <summary>The only logical type the codecs convert; a record with any other keeps Apache.Avro's path.</summary>
    public const string TimestampMillis = "timestamp-millis";

    /// <summary>
    /// Why <paramref name="schema"/> cannot be encoded by a generated codec, or null when it can:
    /// primitives, enums, records, arrays, maps, unions of null and one other type, timestamp-millis.
    /// General unions, fixed, and other logical types are left to Apache.Avro.
    /// </summary>
    public static string? Unsupported(Schema schema) => Unsupported(schema, new HashSet<string>(StringComparer.Ordinal));

    private static string? Unsupported(Schema schema, HashSet<string> records) => schema switch
    {
        PrimitiveSchema { Tag: Schema.Type.Null } => "a field of type null",
        PrimitiveSchema => null,
        EnumSchema => null,
        RecordSchema record when record.Tag == Schema.Type.Record =>
            records.Add(record.Fullname) // a record refers to itself through a union: assume the rest holds
                ? record.Fields.Select(f => Unsupported(f.Schema, records) is { } why ? $"{record.Name}.{f.Name}: {why}" : null).FirstOrDefault(w => w is not null)
                : null,
        ArraySchema array when MayBeEmpty(array.ItemSchema) => "an array whose items can take no bytes",
        ArraySchema array => Unsupported(array.ItemSchema, records),
        MapSchema map => Unsupported(map.ValueSchema, records),
        UnionSchema union when Nullable(union) is { } nullable => Unsupported(nullable.Value, records),
        UnionSchema => "a union other than null and one type",
        LogicalSchema { LogicalTypeName: TimestampMillis, BaseSchema.Tag: Schema.Type.Long } => null,
        LogicalSchema logical => $"the logical type {logical.LogicalTypeName}",
        _ => $"the type {schema.Tag}",
    };

    /// <summary>A union of null and one other type: that type and both branch positions.</summary>
    public static (Schema Value, int ValueIndex, int NullIndex)? Nullable(UnionSchema union) =>
        union.Schemas switch
        {
            [{ Tag: Schema.Type.Null }, var value] when value.Tag is not (Schema.Type.Null or Schema.Type.Union) => (value, 1, 0),
            [var value, { Tag: Schema.Type.Null }] when value.Tag is not (Schema.Type.Null or Schema.Type.Union) => (value, 0, 1),
            _ => null,
        };

    /// <summary>Whether C#'s type for <paramref name="schema"/> is a value type (int, enum, DateTime…).</summary>
    public static bool IsValueType(Schema schema) => schema switch
    {
        PrimitiveSchema p => p.Tag is not (Schema.Type.String or Schema.Type.Bytes),
        EnumSchema => true,
        LogicalSchema => true,
        _ => false,
    };

    /// <summary>The C# type of <paramref name="schema"/>, fully qualified: what CodeGen declares the property as.</summary>
    public static string CSharp(Schema schema) => schema switch
    {
        PrimitiveSchema p => p.Tag switch
        {
            Schema.Type.Boolean => "bool",
            Schema.Type.Int => "int",
            Schema.Type.Long => "long",
            Schema.Type.Float => "float",
            Schema.Type.Double => "double",
            Schema.Type.String => "string",
            Schema.Type.Bytes => "byte[]",
            _ => throw new NotSupportedException($"No C# type for {p.Tag}."),
        },
        NamedSchema named => TypeName(named),
        ArraySchema array => $"global::System.Collections.Generic.IList<{CSharp(array.ItemSchema)}>",
        MapSchema map => $"global::System.Collections.Generic.IDictionary<string, {CSharp(map.ValueSchema)}>",
        UnionSchema union when Nullable(union) is { } nullable =>
            IsValueType(nullable.Value) ? CSharp(nullable.Value) + "?" : CSharp(nullable.Value),
        LogicalSchema { LogicalTypeName: TimestampMillis } => "global::System.DateTime",
        _ => throw new NotSupportedException($"No C# type for {schema}."),
    };

    /// <summary>The C# name of a generated enum or record: its namespace and name, each part mangled as CodeGen does.</summary>
    public static string TypeName(NamedSchema named) =>
        "global::" + string.Join('.', named.Fullname.Split('.').Select(CodeGenUtil.Instance.Mangle));

    /// <summary>The property CodeGen generates for a field: its name, mangled when it is a C# keyword.</summary>
    public static string Property(Field field) => CodeGenUtil.Instance.Mangle(field.Name);

    /// <summary>Whether <paramref name="record"/> can hold itself, through any depth of fields: its codec then recurses.</summary>
    public static bool IsRecursive(RecordSchema record) => Reaches(record.Fields.Select(f => f.Schema), record.Fullname, []);

    private static bool Reaches(IEnumerable<Schema> schemas, string target, HashSet<string> seen) => schemas.Any(schema => schema switch
    {
        RecordSchema r => r.Fullname == target || (seen.Add(r.Fullname) && Reaches(r.Fields.Select(f => f.Schema), target, seen)),
        ArraySchema a => Reaches([a.ItemSchema], target, seen),
        MapSchema m => Reaches([m.ValueSchema], target, seen),
        UnionSchema u => Reaches(u.Schemas, target, seen),
        _ => false,
    });

    private static bool MayBeEmpty(Schema schema) => schema switch
    {
        PrimitiveSchema p => p.Tag == Schema.Type.Null,
        RecordSchema record => record.Fields.All(f => MayBeEmpty(f.Schema)),
        FixedSchema fixedSchema => fixedSchema.Size == 0,
        _ => false,
    };
}
