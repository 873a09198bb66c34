using Microsoft.Extensions.Options;

namespace Pulse.Host.Replica;

/// <summary>
/// One replica per state directory and application: an exclusive lock on
/// <c>&lt;state dir&gt;/.&lt;application id&gt;.lock</c>, held while the replica runs and released by the
/// operating system if the process dies. Two replicas sharing a directory would fight over task
/// directories (and a standby would sit in its active task's folder).
/// </summary>
internal sealed class StateDirLock : IDisposable
{
    private readonly FileStream _file;

    private StateDirLock(FileStream file) => _file = file;

    /// <exception cref="OptionsValidationException">Another process holds the directory, or it cannot be written.</exception>
    public static StateDirLock Acquire(ReplicaOptions options)
    {
        var path = Path.Combine(options.StateDir, $".{options.ApplicationId}.lock");
        try
        {
            Directory.CreateDirectory(options.StateDir);
            return new StateDirLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw Invalid("is in use by another replica of this application; give each replica on one machine its own state directory.");
        }
        catch (UnauthorizedAccessException)
        {
            throw Invalid("cannot be written by this user.");
        }
    }

    public void Dispose() => _file.Dispose();

    private static OptionsValidationException Invalid(string problem) =>
        new(ReplicaOptions.Section, typeof(ReplicaOptions), [$"Streams:StateDir {problem}"]);
}
