using Pulse.Schemas.Generator;

namespace Pulse.Schemas.Tests;

public class GeneratedClassesTests
{
    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Fact]
    public void CommittedClassesAndCodecs_AreWhatTheSchemasGenerate()
    {
        var generated = AvroClassGenerator.Generate(Path.Combine(Root(), "avro"));
        var committed = AvroClassGenerator.Existing(Path.Combine(Root(), "src", "Schemas", "Generated"));

        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in generated)
            Assert.True(text == committed[name],
                $"src/Schemas/Generated/{name} differs from what avro/ generates: run `dotnet run --project src/Schemas.Generator` from the repository root and commit the result.");
    }

    [Fact]
    public void CommittedTestClassesAndCodecs_AreWhatTheTestSchemasGenerate()
    {
        var avro = Path.Combine(Root(), "tests", "Schemas.Tests", "avro");
        var files = Directory.GetFiles(avro, "*.avsc").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var generated = AvroClassGenerator.Generate(avro, files!, "Pulse.Schemas.Tests.Codecs.Generated");
        var committed = AvroClassGenerator.Existing(Path.Combine(Root(), "tests", "Schemas.Tests", "Generated"));

        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in generated)
            Assert.True(text == committed[name],
                $"tests/Schemas.Tests/Generated/{name} differs from what tests/Schemas.Tests/avro generates: run `dotnet run --project src/Schemas.Generator -- " +
                "tests/Schemas.Tests/avro tests/Schemas.Tests/Generated Pulse.Schemas.Tests.Codecs.Generated` from the repository root and commit the result.");
    }

    [Fact]
    public void EveryRecord_HasACodec()
    {
        var generated = AvroClassGenerator.Generate(Path.Combine(Root(), "avro"));

        foreach (var schema in Pulse.Schemas.SchemaCatalog.Records)
            Assert.Contains($"{AvroCodecGenerator.Folder}/{schema.Name}Codec.cs", generated.Keys);
        Assert.Contains("Every record has a codec.", generated[$"{AvroCodecGenerator.Folder}/AvroCodecs.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryGeneratedRecord_CarriesTheSchemaOfItsFile()
    {
        foreach (var schema in Pulse.Schemas.SchemaCatalog.Records)
        {
            var type = typeof(pulse.vitals.VitalReading).Assembly.GetType(schema.Fullname)
                ?? throw new Xunit.Sdk.XunitException($"No class generated for {schema.Fullname}.");
            var instance = (Avro.Specific.ISpecificRecord)Activator.CreateInstance(type)!;
            Assert.Equal(schema.ToString(), instance.Schema.ToString());
        }
    }
}
