using System.Diagnostics;
using Pulse.Schemas;
using pulse.vitals;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>
/// This test assembly run as a program (<c>dotnet exec Pulse.Schemas.Tests.dll</c>): another OS process
/// with its own seeded in-process registry, standing for a second Pulse replica.
/// </summary>
public static class SecondProcess
{
    private const string WriteReading = "write-reading";

    /// <summary>
    /// With <c>write-reading &lt;topic&gt;</c>: prints the sample reading serialized for the topic (base64)
    /// on the first line, then <c>fullName=id</c> for each record as this process's registry numbers it.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is not [WriteReading, var topic])
        {
            Console.Error.WriteLine($"usage: {WriteReading} <topic>");
            return 2;
        }
        using var registry = AvroSerdes.Registry(AvroSerdes.InProcess);
        Console.WriteLine(Convert.ToBase64String(AvroSerdes.Serializer<VitalReading>(registry).Serialize(SampleRecords.Reading(), Wire.Value(topic))));
        foreach (var record in SchemaCatalog.Records.Reverse())
            Console.WriteLine($"{record.Fullname}={registry.RegisterSchemaAsync($"second.{record.Name}-value", new Confluent.SchemaRegistry.Schema(record.ToString(), Confluent.SchemaRegistry.SchemaType.Avro)).GetAwaiter().GetResult()}");
        return 0;
    }

    /// <summary>Runs <see cref="Main"/> in a new process and returns its output lines.</summary>
    public static async Task<string[]> Run(string topic)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["exec", typeof(SecondProcess).Assembly.Location, WriteReading, topic])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"The second process exited with {process.ExitCode}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
