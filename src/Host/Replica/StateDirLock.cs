using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pulse.Host.Replica;

/// <summary>
/// One replica per state directory and application: an exclusive lock on
/// <c>&lt;state dir&gt;/.&lt;application id&gt;.lock</c>, held while the replica runs and released by the
/// operating system if the process dies. Two replicas sharing a directory would fight over task
/// directories (and a standby would sit in its active task's folder). A hosted service registered before
/// the streams: taken as the host starts, released after the streams have closed.
/// </summary>
internal sealed class StateDirLock(IOptions<ReplicaOptions> replica) : IHostedService, IDisposable
{
    private FileStream? _file;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _file = Acquire(replica.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <exception cref="OptionsValidationException">Another process holds the directory, or it cannot be written.</exception>
    private static FileStream Acquire(ReplicaOptions options)
    {
        var path = Path.Combine(options.StateDir, $".{options.ApplicationId}.lock");
        try
        {
            Directory.CreateDirectory(options.StateDir);
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
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

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private static OptionsValidationException Invalid(string problem) =>
        new(ReplicaOptions.Section, typeof(ReplicaOptions), [$"Streams:StateDir {problem}"]);
}
