namespace Pulse.Host.Tests.TestSupport;

/// <summary>Files of this repository (its root holds Streams.sln), for tests of what it ships beside the code.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "Streams.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No Streams.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    /// <summary>The path of <paramref name="parts"/> under the root.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
