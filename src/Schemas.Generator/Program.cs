using Pulse.Schemas.Generator;

// dotnet run --project src/Schemas.Generator -- [avro dir] [output dir] [codec namespace]
// Run from the repository root after changing a schema; commit what it writes. With no arguments:
// avro/ in SchemaCatalog's order into src/Schemas/Generated. With a codec namespace: every *.avsc of
// the folder in name order (e.g. tests/Schemas.Tests/avro tests/Schemas.Tests/Generated Pulse.Schemas.Tests.Codecs.Generated).
var avro = args.Length > 0 ? args[0] : "avro";
var output = args.Length > 1 ? args[1] : Path.Combine("src", "Schemas", "Generated");
if (!Directory.Exists(avro))
{
    Console.Error.WriteLine($"No schema folder '{Path.GetFullPath(avro)}': run from the repository root or pass it.");
    return 2;
}
var files = args.Length > 2
    ? AvroClassGenerator.Generate(avro, Directory.GetFiles(avro, "*.avsc").Select(Path.GetFileName).Order(StringComparer.Ordinal)!, args[2])
    : AvroClassGenerator.Generate(avro);
AvroClassGenerator.Write(files, output);
Console.WriteLine($"Generated {files.Count} files in {output} from {avro}.");
return 0;
