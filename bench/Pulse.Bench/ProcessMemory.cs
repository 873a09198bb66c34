namespace Pulse.Bench;

/// <summary>Reads the process's memory figures from /proc/self/status (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB, or -1 where /proc is missing.</summary>
    public static double PeakWorkingSetMiB() => ReadKiB("VmHWM:") / 1024.0;

    /// <summary>Current resident set size (VmRSS) in MiB, or -1 where /proc is missing.</summary>
    public static double WorkingSetMiB() => ReadKiB("VmRSS:") / 1024.0;

    /// <summary>Resets the peak (VmHWM) to the current resident size, so a later peak excludes set-up; false where Linux refuses.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadKiB(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1024;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var digits = line.AsSpan(field.Length).Trim();
            var space = digits.IndexOf(' ');
            return long.Parse(space < 0 ? digits : digits[..space], System.Globalization.CultureInfo.InvariantCulture);
        }
        return -1024;
    }
}
