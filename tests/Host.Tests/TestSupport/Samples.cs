namespace Pulse.Host.Tests.TestSupport;

/// <summary>The repository's <c>samples/</c> files.</summary>
internal static class Samples
{
    /// <summary>samples/vehicles-sample.csv in this repository.</summary>
    public static string VehiclesCsvPath() => Path.Combine(Path.GetDirectoryName(VitalsCsvPath())!, "vehicles-sample.csv");

    /// <summary>samples/vitals-sample.csv in this repository.</summary>
    public static string VitalsCsvPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Streams.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "samples", "vitals-sample.csv");
    }
}
