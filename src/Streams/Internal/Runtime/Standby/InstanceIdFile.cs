using Microsoft.Extensions.Logging;

namespace Pulse.Streams.Internal.Runtime.Standby;

/// <summary>
/// An instance's id on the members topic, kept in <c>&lt;state.dir&gt;/&lt;application.id&gt;/instance.id</c> so an
/// instance restarted on the same state directory is the same member and the placement gives it back the
/// standbys its directory already holds warm. The file is held under an exclusive lock while the instance
/// runs; a second instance sharing the directory cannot take it and gets a fresh id of its own.
/// </summary>
internal sealed class InstanceIdFile : IDisposable
{
    private readonly FileStream? _lock;

    private InstanceIdFile(string value, FileStream? lockFile)
    {
        Value = value;
        _lock = lockFile;
    }

    public string Value { get; }

    public static InstanceIdFile Acquire(StreamsConfig config, ILogger logger)
    {
        var directory = Path.Combine(config.StateDir, config.ApplicationId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "instance.id");
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            using var reader = new StreamReader(file, leaveOpen: true);
            var existing = reader.ReadToEnd().Trim();
            if (IsValid(existing)) return new InstanceIdFile(existing, file);
            var fresh = NewId();
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true)) writer.Write(fresh);
            file.Flush(flushToDisk: true);
            return new InstanceIdFile(fresh, file);
        }
        catch (IOException ex)
        {
            file?.Dispose();
            var fresh = NewId();
            logger.LogWarning("Could not take '{Path}' ({Reason}): another instance shares the state directory; this one is member {Id}", path, ex.Message, fresh);
            return new InstanceIdFile(fresh, null);
        }
    }

    public void Dispose() => _lock?.Dispose();

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static bool IsValid(string id) => id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit);
}
