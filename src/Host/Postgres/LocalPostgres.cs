using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Pulse.Host.Postgres;

/// <summary>
/// A private PostgreSQL server started from the system's binaries (<c>/usr/lib/postgresql/*/bin</c>),
/// for tests, benchmarks and <c>pulse demo</c>: <c>initdb</c> into a fresh folder, then
/// <c>pg_ctl</c> on a free loopback port with its unix socket in that folder and trust
/// authentication (it listens on 127.0.0.1 only).
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root: as root, every server command runs as the <c>postgres</c>
/// user (<c>runuser</c>) and the folder is given to that user. <see cref="Stop"/> and
/// <see cref="Start()"/> keep the folder and the port, so clients reconnect to the same address;
/// <see cref="Dispose"/> stops the server and deletes the folder.
/// </remarks>
public sealed class LocalPostgres : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private readonly bool _asPostgresUser;
    private bool _disposed;

    private LocalPostgres(string binDirectory, string rootDirectory, int port, bool asPostgresUser)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The folder of <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
    public string BinDirectory { get; }

    /// <summary>The folder that holds everything: <c>data/</c>, the unix socket and <c>postgres.log</c>.</summary>
    public string RootDirectory { get; }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The server's log file.</summary>
    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Whether the server was started and not stopped since.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>A connection string to the <c>postgres</c> database as the <c>postgres</c> superuser over TCP.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>
    /// Creates a cluster in a new folder under <see cref="LocalPostgresOptions.ParentDirectory"/> and
    /// starts it. Settings of <see cref="LocalPostgresOptions.Settings"/> go into its postgresql.conf.
    /// </summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL binaries were found, or initdb or the server failed (the message holds their output).</exception>
    public static LocalPostgres StartNew(LocalPostgresOptions? options = null)
    {
        options ??= new LocalPostgresOptions();
        var bin = options.BinDirectory ?? FindBinDirectory()
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries found (looked for /usr/lib/postgresql/*/bin/initdb and initdb on PATH); install them, e.g. 'apt-get install -y postgresql'.");
        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(options.ParentDirectory ?? Path.GetTempPath(), "pulse-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new LocalPostgres(bin, root, FreePort(), asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                Run("chown", ["postgres:postgres", root], root, CommandTimeout);
                try
                {
                    Run("runuser", ["-u", "postgres", "--", "test", "-w", root], "/", CommandTimeout);
                }
                catch (InvalidOperationException)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL refuses to run as root, so it runs as the user postgres, who cannot reach {root}: put it under a folder every user may enter (the temp folder, or chmod o+x on its parents).");
                }
            }
            server.RunServerTool("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            var conf = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"port = {server.Port}")
                .AppendLine("listen_addresses = '127.0.0.1'")
                .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{root}'");
            foreach (var (name, value) in options.Settings)
                conf.AppendLine(CultureInfo.InvariantCulture, $"{name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'");
            File.AppendAllText(Path.Combine(server.DataDirectory, "postgresql.conf"), conf.ToString());
            server.Start();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> holding <c>initdb</c>, else a PATH folder holding it, else null.</summary>
    public static string? FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: double.TryParse(Path.GetFileName(dir), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")));
    }

    /// <summary>A connection string to <paramref name="database"/> as the <c>postgres</c> superuser over TCP.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>Creates an empty database named <paramref name="name"/> (letters, digits and underscores).</summary>
    public void CreateDatabase(string name)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"'{name}' is not a plain database name.", nameof(name));
        // Unpooled: a pooled connection may be left over from before a Stop.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning) return;
        RunServerTool("pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile]);
        IsRunning = true;
    }

    /// <summary>
    /// Stops the server: <paramref name="immediate"/> false is <c>pg_ctl stop -m fast</c> (open
    /// connections end with an admin-shutdown error, as at a planned restart); true is
    /// <c>-m immediate</c>, a crash without a checkpoint (recovery runs at the next start).
    /// </summary>
    public void Stop(bool immediate = false)
    {
        if (!IsRunning) return;
        RunServerTool("pg_ctl", ["stop", "-w", "-t", "60", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast"]);
        IsRunning = false;
    }

    /// <summary>
    /// The shell command that stops the server later (<c>pg_ctl stop</c> on its data directory, as the
    /// <c>postgres</c> user when this process runs as root), for a server left running by <see cref="Detach"/>.
    /// </summary>
    public string StopCommand => (_asPostgresUser ? "runuser -u postgres -- " : "") +
        $"{Path.Combine(BinDirectory, "pg_ctl")} stop -D {DataDirectory} -m fast";

    /// <summary>Leaves the server running and its folder in place (<c>pulse demo --keep</c>): <see cref="Dispose"/> then does nothing.</summary>
    public void Detach() => _disposed = true;

    /// <summary>Stops the server (immediately) and deletes its folder.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            if (IsRunning) Stop(immediate: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone; the folder still goes.
        }
        _disposed = true;
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    private void RunServerTool(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(BinDirectory, tool);
        if (_asPostgresUser)
            Run("runuser", ["-u", "postgres", "--", path, .. args], RootDirectory, CommandTimeout);
        else
            Run(path, args, RootDirectory, CommandTimeout);
    }

    private static void Run(string fileName, IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', args)}' did not finish within {timeout.TotalSeconds:F0} s.");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', args)}' failed (exit code {process.ExitCode}):\n{stdout.Result}{stderr.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>How <see cref="LocalPostgres.StartNew"/> creates its server.</summary>
public sealed class LocalPostgresOptions
{
    /// <summary>The binaries' folder; null finds one (<see cref="LocalPostgres.FindBinDirectory"/>).</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Where the server's folder is created; null is the temp directory.</summary>
    public string? ParentDirectory { get; init; }

    /// <summary>
    /// Server settings written to postgresql.conf, e.g. <c>["fsync"] = "off"</c> for tests that
    /// never crash the machine. Empty: PostgreSQL's durable defaults.
    /// </summary>
    public IDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Settings for throwaway servers (tests, demos): no fsync and no full-page writes. A crash of the
    /// server keeps every acknowledged commit (WAL is still written before a commit returns); a crash
    /// of the machine may not. Asynchronous commit stays off: it would lose acknowledged commits at a
    /// server crash, which the sink's tests simulate.
    /// </summary>
    public static IDictionary<string, string> Throwaway => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fsync"] = "off",
        ["full_page_writes"] = "off",
    };
}
