using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>KStream.Print, as Kafka's KStreamPrintTest asserts it: one line per record, "[label]: key, value", nulls as "null".</summary>
public class PrintTests
{
    [Fact]
    public void EachRecord_IsALine_LabelledWithTheNodesName()
    {
        using var dir = new KafkaTestKit.TempDir();
        var file = Path.Combine(dir.Path, "print.txt");
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Print(Printed.ToFile<string, string>(file));
        var topology = builder.Build();

        using (var driver = new TopologyTestDriver(topology))
        {
            var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
            input.PipeInput("a", "1");
            input.PipeInput(null!, "2");
            input.PipeInput("c", null!);
            Assert.Equal("[KSTREAM-PRINTER-0000000001]: a, 1", File.ReadLines(file).First()); // flushed as written
        }

        Assert.Equal(["[KSTREAM-PRINTER-0000000001]: a, 1", "[KSTREAM-PRINTER-0000000001]: null, 2", "[KSTREAM-PRINTER-0000000001]: c, null"],
            File.ReadAllLines(file));
        Assert.Contains("Processor: KSTREAM-PRINTER-0000000001 (stores: [])", topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ALabel_AMapper_AndAName_ChangeWhatIsPrintedAndTheNode()
    {
        using var dir = new KafkaTestKit.TempDir();
        var file = Path.Combine(dir.Path, "print.txt");
        File.WriteAllText(file, "left over from an earlier run\n");
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32))
            .Print(Printed.ToFile<string, int>(file).WithLabel("heart rate").WithKeyValueMapper((k, v) => $"{k} at {v} bpm").WithName("show"));
        var topology = builder.Build();

        using (var driver = new TopologyTestDriver(topology))
            driver.CreateInputTopic("in", Serdes.String, Serdes.Int32).PipeInput("p-1", 72);

        Assert.Equal(["[heart rate]: p-1 at 72 bpm"], File.ReadAllLines(file));
        Assert.Contains("Processor: show (stores: [])", topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_ArePrintedTheSameInEveryCulture()
    {
        using var dir = new KafkaTestKit.TempDir();
        var file = Path.Combine(dir.Path, "print.txt");
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Double)).Print(Printed.ToFile<string, double>(file).WithLabel("spo2"));
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone(); // tests run without ICU
            comma.NumberFormat.NumberDecimalSeparator = ",";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            using var driver = new TopologyTestDriver(builder.Build());
            driver.CreateInputTopic("in", Serdes.String, Serdes.Double).PipeInput("p-1", 97.5);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(["[spo2]: p-1, 97.5"], File.ReadAllLines(file));
    }

    [Fact]
    public void AFileInAFolderThatDoesNotExist_IsRefusedWhenTheTopologyIsBuilt()
    {
        var error = Assert.Throws<Pulse.Streams.Errors.TopologyException>(() => Printed.ToFile<string, string>("/nonexistent-folder-of-pulse/print.txt"));

        Assert.Contains("/nonexistent-folder-of-pulse", error.Message, StringComparison.Ordinal);
    }
}
