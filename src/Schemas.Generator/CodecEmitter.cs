using System.Text;
using Avro;

namespace Pulse.Schemas.Generator;

/// <summary>
/// Emits the body of one record's codec: <c>Write</c> appends each field in the schema's order from
/// its typed property, <c>Read</c> sets each property in that order, and arrays and maps get a
/// helper method each. The output matches Apache.Avro's encoding: zig-zag varints, little-endian
/// floating point, strings and bytes with their length, enums and union branches by position, one
/// block per array or map, timestamp-millis through Apache.Avro's own conversion.
/// </summary>
internal sealed class CodecEmitter(RecordSchema record)
{
    // A record that holds itself recurses as deep as the bytes nest: throw (catchable) before the stack runs out.
    private const string StackCheck = "global::System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();";

    private readonly StringBuilder helpers = new();
    private int helperCount;
    private int depth;

    /// <summary>The class members: Write, Read and their helpers, indented one level.</summary>
    public string Emit()
    {
        var type = CodecTypes.TypeName(record);
        var recursive = CodecTypes.IsRecursive(record);
        var body = new Lines(2);
        if (recursive)
            body.Add(StackCheck);
        foreach (var field in record.Fields)
            WriteValue(body, field.Schema, $"value.{CodecTypes.Property(field)}", $"{record.Fullname}.{field.Name}");
        var text = new StringBuilder()
            .Append($"\t/// <summary>Appends <paramref name=\"value\"/> in Avro's binary encoding.</summary>\n")
            .Append($"\tpublic static void Write({type} value, ref AvroWriter writer)\n\t{{\n")
            .Append(body)
            .Append("\t}\n\n");

        var read = new Lines(2);
        if (recursive)
            read.Add(StackCheck);
        read.Add($"var value = new {type}();");
        foreach (var field in record.Fields)
            read.Add($"value.{CodecTypes.Property(field)} = {ReadValue(field.Schema)};");
        read.Add("return value;");
        text.Append("\t/// <summary>Reads one record written with this record's schema.</summary>\n")
            .Append($"\tpublic static {type} Read(ref AvroReader reader)\n\t{{\n")
            .Append(read)
            .Append("\t}\n")
            .Append(helpers);
        return text.ToString();
    }

    /// <summary>Statements that append <paramref name="value"/> (an expression; <paramref name="present"/> when it cannot be null).</summary>
    private void WriteValue(Lines lines, Schema schema, string value, string path, bool present = false)
    {
        switch (schema)
        {
            case UnionSchema union when CodecTypes.Nullable(union) is { } nullable:
                var some = Local("present");
                lines.Add($"if ({value} is {{ }} {some})");
                lines.Add("{");
                lines.Add($"\twriter.WriteUnionIndex({nullable.ValueIndex});");
                WriteValue(lines.Indented(), nullable.Value, some, path, present: true);
                lines.Add("}");
                lines.Add("else");
                lines.Add($"\twriter.WriteUnionIndex({nullable.NullIndex});");
                break;
            case PrimitiveSchema p:
                lines.Add(p.Tag switch
                {
                    Schema.Type.Boolean => $"writer.WriteBoolean({value});",
                    Schema.Type.Int => $"writer.WriteInt({value});",
                    Schema.Type.Long => $"writer.WriteLong({value});",
                    Schema.Type.Float => $"writer.WriteFloat({value});",
                    Schema.Type.Double => $"writer.WriteDouble({value});",
                    Schema.Type.String => $"writer.WriteString({NotNull(value, present, path, "string")});",
                    Schema.Type.Bytes => $"writer.WriteBytes({NotNull(value, present, path, "bytes")});",
                    _ => throw new NotSupportedException(p.Tag.ToString()),
                });
                break;
            case EnumSchema e:
                lines.Add($"writer.WriteEnum((int){value}, {e.Symbols.Count}, \"{e.Fullname}\");");
                break;
            case RecordSchema r:
                lines.Add($"{CodecName(r)}.Write({NotNull(value, present, path, r.Fullname)}, ref writer);");
                break;
            case LogicalSchema { LogicalTypeName: CodecTypes.TimestampMillis }:
                lines.Add($"writer.WriteLong(AvroLogicalTypes.ToTimestampMillis({value}));");
                break;
            case MapSchema map:
                WriteItems(lines, NotNull(value, present, path, "map"), "map", $"global::System.Collections.Generic.Dictionary<string, {CodecTypes.CSharp(map.ValueSchema)}>",
                    (item, inner) =>
                    {
                        inner.Add($"writer.WriteString({item}.Key);");
                        WriteValue(inner, map.ValueSchema, $"{item}.Value", path + "[]");
                    });
                break;
            case ArraySchema array:
                WriteItems(lines, NotNull(value, present, path, "array"), "array", $"global::System.Collections.Generic.List<{CodecTypes.CSharp(array.ItemSchema)}>",
                    (item, inner) => WriteValue(inner, array.ItemSchema, item, path + "[]"));
                break;
            default:
                throw new NotSupportedException($"{path}: {schema}");
        }
    }

    /// <summary>
    /// An array or map as one block, as Apache.Avro writes it. The common concrete collection is
    /// enumerated through its struct enumerator; any other through the interface.
    /// </summary>
    private void WriteItems(Lines lines, string value, string kind, string concrete, Action<string, Lines> writeItem)
    {
        var items = Local(kind);
        var exact = Local("exact");
        var item = Local("item");
        var body = new Lines(0);
        writeItem(item, body);
        lines.Add($"var {items} = {value};");
        lines.Add($"writer.WriteItemCount({items}.Count);");
        lines.Add($"if ({items} is {concrete} {exact})");
        lines.Add($"\tforeach (var {item} in {exact})");
        lines.AddBlock(body, 2);
        lines.Add("else");
        lines.Add($"\tforeach (var {item} in {items})");
        lines.AddBlock(body, 2);
        lines.Add("writer.WriteItemsEnd();");
    }

    private string ReadValue(Schema schema) => schema switch
    {
        UnionSchema union when CodecTypes.Nullable(union) is { } nullable =>
            $"reader.ReadUnionIndex(2) == {nullable.ValueIndex} ? {ReadValue(nullable.Value)} : {(CodecTypes.IsValueType(nullable.Value) ? $"default({CodecTypes.CSharp(union)})" : "null")}",
        PrimitiveSchema p => p.Tag switch
        {
            Schema.Type.Boolean => "reader.ReadBoolean()",
            Schema.Type.Int => "reader.ReadInt()",
            Schema.Type.Long => "reader.ReadLong()",
            Schema.Type.Float => "reader.ReadFloat()",
            Schema.Type.Double => "reader.ReadDouble()",
            Schema.Type.String => "reader.ReadString()",
            Schema.Type.Bytes => "reader.ReadBytes()",
            _ => throw new NotSupportedException(p.Tag.ToString()),
        },
        EnumSchema e => $"({CodecTypes.TypeName(e)})reader.ReadEnum({e.Symbols.Count})",
        RecordSchema r => $"{CodecName(r)}.Read(ref reader)",
        LogicalSchema { LogicalTypeName: CodecTypes.TimestampMillis } => "AvroLogicalTypes.FromTimestampMillis(reader.ReadLong())",
        MapSchema map => ReadItems(schema, $"global::System.Collections.Generic.Dictionary<string, {CodecTypes.CSharp(map.ValueSchema)}>",
            "items[reader.ReadString()] = " + ReadValue(map.ValueSchema) + ";"),
        ArraySchema array => ReadItems(schema, $"global::System.Collections.Generic.List<{CodecTypes.CSharp(array.ItemSchema)}>",
            "items.Add(" + ReadValue(array.ItemSchema) + ");"),
        _ => throw new NotSupportedException(schema.ToString()),
    };

    /// <summary>A helper method that reads an array or map block by block; returns the call.</summary>
    private string ReadItems(Schema schema, string concrete, string readItem)
    {
        var name = $"Read{schema.Tag}{++helperCount}";
        helpers.Append('\n')
            .Append($"\tprivate static {CodecTypes.CSharp(schema)} {name}(ref AvroReader reader)\n\t{{\n")
            .Append($"\t\tvar items = new {concrete}();\n")
            .Append("\t\tfor (var count = reader.ReadItemCount(); count != 0; count = reader.ReadItemCount())\n")
            .Append("\t\t\tfor (; count > 0; count--)\n")
            .Append($"\t\t\t\t{readItem}\n")
            .Append("\t\treturn items;\n\t}\n");
        return $"{name}(ref reader)";
    }

    /// <summary>The generated codec class of a record.</summary>
    public static string CodecName(RecordSchema record) => CodeGenUtil.Instance.Mangle(record.Name) + "Codec";

    private static string NotNull(string value, bool present, string path, string type) =>
        present ? value : $"{value} ?? throw AvroWriter.NotNullable(\"{path}\", \"{type}\")";

    private string Local(string stem) => $"{stem}{++depth}";

    /// <summary>Lines of code at an indentation (tabs), as the generated files use.</summary>
    private sealed class Lines
    {
        private readonly List<string> lines;
        private readonly int indent;

        public Lines(int indent) : this([], indent)
        {
        }

        private Lines(List<string> lines, int indent) => (this.lines, this.indent) = (lines, indent);

        public void Add(string line) => lines.Add(new string('\t', indent) + line);

        /// <summary>The same lines, one level further in.</summary>
        public Lines Indented() => new(lines, indent + 1);

        /// <summary>Adds <paramref name="block"/>'s lines in braces, <paramref name="extra"/> levels further in than this.</summary>
        public void AddBlock(Lines block, int extra)
        {
            var brace = new string('\t', indent + extra - 1);
            lines.Add(brace + "{");
            lines.AddRange(block.lines.Select(line => brace + "\t" + line));
            lines.Add(brace + "}");
        }

        public override string ToString() => string.Concat(lines.Select(l => l + "\n"));
    }
}
