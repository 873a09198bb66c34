namespace Pulse.Host.Tests.TestSupport;

/// <summary>The repository's <c>samples/</c> files.</summary>
internal static class Samples
{
    /// <summary>samples/vehicles-sample.csv in this repository.</summary>
    public static string VehiclesCsvPath() => Repository.File("samples", "vehicles-sample.csv");

    /// <summary>samples/vitals-sample.csv in this repository.</summary>
    public static string VitalsCsvPath() => Repository.File("samples", "vitals-sample.csv");
}
