using Microsoft.Extensions.Configuration;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// Where a demo run keeps its things: the state directory (<c>Demo:StateDir</c>, or a new temp folder that
/// is deleted at the end unless the run keeps it), the replicas' state and the private PostgreSQL under it,
/// and the log file, <see cref="LogFile"/>, which outlives even a temp folder.
/// </summary>
internal sealed record DemoWorkspace(string StateDir, bool Temporary)
{
    /// <summary>The run's whole log; the screen shows warnings and errors only.</summary>
    public string LogFile => Path.Combine(StateDir, "pulse-demo.log");

    /// <summary>The workspace <paramref name="configuration"/> names, or a new temp one.</summary>
    public static DemoWorkspace From(IConfiguration configuration)
    {
        var given = configuration[$"{DemoOptions.Section}:{nameof(DemoOptions.StateDir)}"];
        if (!string.IsNullOrWhiteSpace(given))
        {
            try
            {
                return new DemoWorkspace(Path.GetFullPath(given), Temporary: false);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // A bad path is reported by the options' validation; nothing runs.
            }
        }
        return new DemoWorkspace(Path.Combine(Path.GetTempPath(), "pulse-demo-" + Guid.NewGuid().ToString("N")[..8]), Temporary: true);
    }

    /// <summary>Deletes the folder but for the log file (a temp workspace at the end of a run that keeps nothing).</summary>
    public void DeleteAllButTheLog()
    {
        if (!Directory.Exists(StateDir)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(StateDir))
        {
            if (string.Equals(entry, LogFile, StringComparison.Ordinal)) continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
