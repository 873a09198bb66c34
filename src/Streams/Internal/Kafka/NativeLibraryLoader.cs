using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Pulse.Streams.Internal.Kafka;

/// <summary>
/// Loads librdkafka once per process, from the files of the <c>librdkafka.redist</c> package, and makes
/// Confluent.Kafka and Pulse's own P/Invokes (the embedded mock cluster) use that one copy.
/// <para>Invariant: after <see cref="EnsureLoaded"/> returns, exactly one librdkafka file is mapped in the
/// process, <see cref="Handle"/> is its handle, and every <c>DllImport("librdkafka")</c> of Confluent.Kafka
/// and of each assembly passed to <see cref="ResolveImportsOf"/> binds to it. One copy matters: a mock
/// cluster lives in one copy's memory, and two copies sharing the soname <c>librdkafka.so.1</c> could
/// interpose each other's symbols.</para>
/// <para>Why not Confluent's own loader: on Debian 12 the default <c>librdkafka.so</c> needs
/// <c>libsasl2.so.3</c>, which is missing; the <c>centos8-librdkafka.so</c> beside it needs only libc.
/// <see cref="Library.Load(string)"/> calls <c>dlopen</c> through <c>DllImport("libdl")</c>, and Debian
/// ships only <c>libdl.so.2</c> (no unversioned <c>libdl.so</c>), so that import is mapped here too.</para>
/// Call <see cref="EnsureLoaded"/> before the first Confluent client is built; it is idempotent and
/// thread-safe. On Windows and macOS it leaves Confluent's own loading alone.
/// </summary>
internal static class NativeLibraryLoader
{
    /// <summary>The name Confluent.Kafka and Pulse's P/Invokes import librdkafka by.</summary>
    internal const string LibraryName = "librdkafka";

    // Tried in this order in each folder: the build with SASL/GSSAPI, then the one without
    // (glibc, no libsasl2), then the musl build for Alpine. The first that loads wins.
    private static readonly string[] LinuxFileNames =
        ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];

    private static readonly HashSet<string> ConfluentImportNames =
        new(StringComparer.Ordinal) { LibraryName, "centos8-librdkafka", "alpine-librdkafka" };

    private static readonly Lock Gate = new();
    private static readonly HashSet<Assembly> ResolvedAssemblies = [];
    private static nint _handle;      // published once Confluent is bound too: the "ready" flag
    private static nint _loaded;      // set as soon as the file is loaded; what the resolvers return
    private static string? _path;

    /// <summary>The handle of the loaded librdkafka (zero until <see cref="EnsureLoaded"/>).</summary>
    internal static nint Handle => Volatile.Read(ref _handle);

    /// <summary>The file loaded, or null where the platform's default loading was left alone.</summary>
    internal static string? LoadedPath => Volatile.Read(ref _path);

    /// <summary>Loads librdkafka if not yet loaded and binds Confluent.Kafka to it; returns its handle.</summary>
    /// <exception cref="DllNotFoundException">No loadable librdkafka was found; the message lists where.</exception>
    internal static nint EnsureLoaded()
    {
        var handle = Volatile.Read(ref _handle);
        if (handle != 0) return handle;
        lock (Gate)
        {
            if (_handle != 0) return _handle;
            if (OperatingSystem.IsLinux()) LoadOnLinux();
            else LoadElsewhere();
            return _handle;
        }
    }

    /// <summary>
    /// Makes <c>DllImport</c>/<c>LibraryImport</c> of <see cref="LibraryName"/> in <paramref name="assembly"/>
    /// bind to the loaded copy. Idempotent per assembly; an assembly can have only one resolver, so an
    /// assembly that sets its own cannot use this.
    /// </summary>
    internal static void ResolveImportsOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        EnsureLoaded();
        lock (Gate)
        {
            if (!ResolvedAssemblies.Add(assembly)) return;
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
                string.Equals(name, LibraryName, StringComparison.Ordinal) ? _loaded : 0);
        }
    }

    private static void LoadOnLinux()
    {
        var confluent = typeof(Library).Assembly;
        string path;
        nint handle;
        if (Library.IsLoaded)
        {
            // Confluent loaded a copy on its own: use that one rather than map a second.
            path = MappedLibrdkafkaPath() ?? throw new InvalidOperationException(
                "Confluent.Kafka has loaded librdkafka, but its file is not found in /proc/self/maps.");
            handle = NativeLibrary.Load(path);
            _loaded = handle;
        }
        else
        {
            (path, handle) = LoadFirstCandidate();
            _loaded = handle;
            NativeLibrary.SetDllImportResolver(confluent, (name, _, _) => ResolveForConfluent(name));
            ResolvedAssemblies.Add(confluent);
            // dlopen of the same path returns the same handle; Confluent then binds its
            // DllImport("librdkafka") methods, which the resolver maps to that handle.
            Library.Load(path);
        }
        Volatile.Write(ref _path, path);
        Volatile.Write(ref _handle, handle);
    }

    private static void LoadElsewhere()
    {
        // Confluent's loader works on Windows and macOS: load the same file it would (the runtime
        // probes the package's runtimes/<rid>/native folder) and let the OS return the same module.
        var handle = NativeLibrary.Load(LibraryName, typeof(Library).Assembly, searchPath: null);
        _loaded = handle;
        Volatile.Write(ref _handle, handle);
    }

    private static nint ResolveForConfluent(string name)
    {
        if (ConfluentImportNames.Contains(name)) return _loaded;
        // Library.Load's dlopen is a DllImport("libdl"); Debian 12 has libdl.so.2 but no libdl.so.
        if (string.Equals(name, "libdl", StringComparison.Ordinal))
            return NativeLibrary.TryLoad("libdl.so.2", out var dl) ? dl : 0;
        return 0;
    }

    private static (string Path, nint Handle) LoadFirstCandidate()
    {
        var tried = new List<string>();
        foreach (var folder in CandidateFolders())
        {
            foreach (var file in LinuxFileNames)
            {
                var path = System.IO.Path.Combine(folder, file);
                if (!File.Exists(path)) continue;
                if (NativeLibrary.TryLoad(path, out var handle)) return (path, handle);
                tried.Add(path);
            }
        }
        throw new DllNotFoundException(
            "No loadable librdkafka was found. Tried: " + (tried.Count == 0 ? "(no files)" : string.Join(", ", tried)) +
            ". Searched: " + string.Join(", ", CandidateFolders()) +
            ". Reference the librdkafka.redist package (Confluent.Kafka brings it) or set NUGET_PACKAGES.");
    }

    /// <summary>Where the package's native files are: beside the app, then in the NuGet cache.</summary>
    private static IEnumerable<string> CandidateFolders()
    {
        var rid = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "linux-arm64",
            _ => "linux-x64",
        };
        var nativeSubfolder = System.IO.Path.Combine("runtimes", rid, "native");
        var baseDir = AppContext.BaseDirectory;
        yield return System.IO.Path.Combine(baseDir, nativeSubfolder);
        yield return baseDir; // self-contained publish flattens native files into the app folder

        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(cache))
            cache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var redist = System.IO.Path.Combine(cache, "librdkafka.redist");
        if (!Directory.Exists(redist)) yield break;

        // librdkafka.redist versions follow Confluent.Kafka's: prefer the matching one, then the newest.
        var version = typeof(Library).Assembly.GetName().Version;
        var wanted = version is null ? null : $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}";
        if (wanted is not null) yield return System.IO.Path.Combine(redist, wanted, nativeSubfolder);
        foreach (var dir in Directory.GetDirectories(redist).OrderDescending(StringComparer.Ordinal))
            yield return System.IO.Path.Combine(dir, nativeSubfolder);
    }

    /// <summary>The path of a mapped file whose name ends in <c>librdkafka.so</c>, if exactly one is mapped.</summary>
    internal static string? MappedLibrdkafkaPath()
    {
        var paths = MappedLibrdkafkaPaths();
        return paths.Count == 1 ? paths[0] : null;
    }

    /// <summary>Every distinct mapped file whose name ends in <c>librdkafka.so</c> (Linux only).</summary>
    internal static IReadOnlyList<string> MappedLibrdkafkaPaths()
    {
        if (!OperatingSystem.IsLinux()) return [];
        return File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? line[i..] : null)
            .OfType<string>()
            .Where(p => p.EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
