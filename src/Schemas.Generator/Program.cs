using Pulse.Schemas.Generator;

// dotnet run --project src/Schemas.Generator -- [avro dir] [output dir]
// Run from the repository root after changing a schema; commit what it writes.
var avro = args.Length > 0 ? args[0] : "avro";
var output = args.Length > 1 ? args[1] : Path.Combine("src", "Schemas", "Generated");
if (!Directory.Exists(avro))
{
    Console.Error.WriteLine($"No schema folder '{Path.GetFullPath(avro)}': run from the repository root or pass it.");
    return 2;
}
AvroClassGenerator.Write(avro, output);
Console.WriteLine($"Generated {AvroClassGenerator.Existing(output).Count} files in {output} from {avro}.");
return 0;
