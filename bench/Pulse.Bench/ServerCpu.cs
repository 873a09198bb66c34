using System.Globalization;
using Pulse.Host.Postgres;

namespace Pulse.Bench;

/// <summary>
/// CPU time used by a <see cref="LocalPostgres"/> server: its postmaster and every child (backends,
/// WAL writer, checkpointer…), from /proc (Linux). On a machine whose speed drifts, CPU time per
/// reading is steadier than readings per second. A child that exits takes its time with it: read
/// while the connections measured are open.
/// </summary>
internal static class ServerCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Read(LocalPostgres server)
    {
        var pidFile = Path.Combine(server.DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return TimeSpan.Zero;
        var postmaster = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var stat = Stat(pid);
            if (stat is null || (pid != postmaster && stat.Value.ParentPid != postmaster)) continue;
            ticks += stat.Value.Ticks;
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The parent pid and utime + stime of <paramref name="pid"/>, or null when it is gone.</summary>
    private static (int ParentPid, long Ticks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // pid (comm) state ppid … : fields after the command, which may hold spaces and parentheses.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
