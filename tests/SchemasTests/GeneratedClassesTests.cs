using Pulse.Schemas.Generator;

namespace Pulse.SchemasTests;

public class GeneratedClassesTests
{
    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Fact]
    public void Committed_classes_are_what_the_schemas_generate()
    {
        var generated = AvroClassGenerator.Generate(Path.Combine(Root(), "avro"));
        var folder = Path.Combine(Root(), "src", "Schemas", "Generated");
        var committed = Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in generated)
            Assert.True(text == committed[name],
                $"src/Schemas/Generated/{name} differs from what avro/ generates: run `dotnet run --project src/Schemas.Generator` from the repository root and commit the result.");
    }

    [Fact]
    public void Every_generated_record_carries_the_schema_of_its_file()
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
