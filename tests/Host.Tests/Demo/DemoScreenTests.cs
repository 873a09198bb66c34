using System.Diagnostics;
using Npgsql;
using Pulse.Host.Tests.Simulator;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Demo;

/// <summary>
/// What a newcomer sees of <c>pulse demo</c>: its own narration on stdout, the log in a file (warnings and errors
/// only on the screen, one line each), commands that can be pasted, "where to look" again at the end, and with
/// <c>--keep</c> a PostgreSQL left running with the rows and the command that stops it.
/// </summary>
public sealed class DemoScreenTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _stateDir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pulse-demo-screen-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    [Fact]
    public void CsvDemo_WithKeep_LogsToAFile_PrintsPasteableCommands_AndLeavesPostgresRunningWithTheRows()
    {
        var working = Path.GetDirectoryName(typeof(DemoScreenTests).Assembly.Location)!;
        using var demo = PulseProcess.Run(["demo", "--csv", Samples.VitalsCsvPath(), "--keep", "--state-dir", _stateDir],
            workingDirectory: working, timeout: Timeout);

        Assert.True(demo.ExitCode == 0, demo.Output());
        // The screen: no information-level log lines; the log file has them.
        Assert.DoesNotContain(demo.Stderr, l => l.Contains(" info: ", StringComparison.Ordinal));
        var log = File.ReadAllText(Path.Combine(_stateDir, "pulse-demo.log"));
        Assert.Contains("Streams closed", log, StringComparison.Ordinal);
        Assert.Contains(demo.Stdout, l => l.Contains("pulse-demo.log", StringComparison.Ordinal));

        // The alerts command runs this same pulse: its first word is a path that exists from the working directory.
        var alerts = demo.Stdout.Single(l => l.Contains(" alerts --bootstrap-servers ", StringComparison.Ordinal)).Trim();
        var executable = alerts[..alerts.IndexOf(' ', StringComparison.Ordinal)];
        Assert.True(File.Exists(Path.Combine(working, executable)), $"'{executable}' does not exist from {working}");

        // Where to look, again at the end: the psql line reaches the kept database, and the stop command stops it.
        var after = demo.Stdout.ToList().FindLastIndex(l => l == "Where to look now:");
        Assert.True(after > 0, demo.Output());
        var psql = demo.Stdout.Skip(after).First(l => l.TrimStart().StartsWith("psql ", StringComparison.Ordinal));
        var connection = ConnectionString(psql);
        Assert.Equal(83L, Sql.Count(connection, "readings"));
        var stop = demo.Stdout.Skip(after).First(l => l.Contains("stop it with: ", StringComparison.Ordinal));
        Shell(stop[(stop.IndexOf("stop it with: ", StringComparison.Ordinal) + "stop it with: ".Length)..].TrimEnd(')'));
        Assert.Throws<NpgsqlException>(() => Sql.Count(connection, "readings"));
    }

    [Fact]
    public void UnreachablePostgres_FailsInOneLineNamingTheHostAndFlag_BeforeAnyReplicaStarts_WithTheCauseInTheLog()
    {
        using var demo = PulseProcess.Run(["demo", "--postgres", "Host=db.invalid;Username=pulse;Password=S3cret-pw;Database=pulse", "--state-dir", _stateDir],
            timeout: Timeout);

        Assert.Equal(1, demo.ExitCode);
        var failure = Assert.Single(demo.Stdout, l => l.StartsWith("pulse demo failed: ", StringComparison.Ordinal));
        Assert.Contains("db.invalid", failure, StringComparison.Ordinal);
        Assert.Contains("--postgres", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(demo.Stdout, l => l.Contains("topology replica(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(demo.Stderr.Concat(demo.Stdout), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("S3cret-pw", StringComparison.Ordinal));
        Assert.True(demo.Stderr.Count <= 1, demo.Output());
        // The details are in the log file: the cause from Npgsql, with its stack trace.
        var log = File.ReadAllText(Path.Combine(_stateDir, "pulse-demo.log"));
        Assert.Contains("---> Npgsql.NpgsqlException", log, StringComparison.Ordinal);
        Assert.Contains("   at Npgsql.", log, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
            // A server's leftover file; the folder is in the temp directory.
        }
    }

    /// <summary>The connection string of a printed <c>psql "host=… port=… user=… dbname=…"</c> line.</summary>
    private static string ConnectionString(string psql)
    {
        var quoted = psql[(psql.IndexOf('"', StringComparison.Ordinal) + 1)..];
        var words = quoted[..quoted.IndexOf('"', StringComparison.Ordinal)].Split(' ').Select(w => w.Split('=')).ToDictionary(p => p[0], p => p[1]);
        return new NpgsqlConnectionStringBuilder { Host = words["host"], Port = int.Parse(words["port"], System.Globalization.CultureInfo.InvariantCulture),
            Username = words["user"], Database = words["dbname"], Pooling = false }.ConnectionString;
    }

    private static void Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{command}' failed: {process.StandardError.ReadToEnd()}");
    }
}
