using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// A task's state directory (<c>&lt;state.dir&gt;/&lt;application.id&gt;/&lt;task&gt;</c>), held under an
/// exclusive lock file while the task is open, with its checkpoint file: the changelog offset up
/// to which the local stores are known to be complete.
/// </summary>
internal sealed class TaskDirectory : IDisposable
{
    private readonly FileStream _lock;

    private TaskDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    private string CheckpointFile => System.IO.Path.Combine(Path, ".checkpoint");

    /// <summary>Locks the directory of <paramref name="taskId"/>, waiting up to <paramref name="timeout"/> for another owner to let go.</summary>
    public static TaskDirectory Lock(StreamsConfig config, TaskId taskId, TimeSpan timeout, ILogger? logger = null)
    {
        var path = System.IO.Path.Combine(config.StateDir, config.ApplicationId, taskId.ToString());
        Directory.CreateDirectory(path);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new TaskDirectory(path, new FileStream(System.IO.Path.Combine(path, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                if (attempt == 0)
                    logger?.LogWarning("State directory '{Path}' of task {Task} is locked; waiting up to {Timeout} for its owner to let go", path, taskId, timeout);
                Thread.Sleep(50); // another thread or instance still owns the task; it lets go when it closes it
            }
            catch (IOException ex)
            {
                throw new ProcessorStateException($"State directory '{path}' of task {taskId} is locked by another instance " +
                    $"(waited {timeout.TotalSeconds:F1} s): is a second instance of '{config.ApplicationId}' using the same state directory?", ex);
            }
        }
    }

    public Dictionary<TopicPartition, long> ReadCheckpoint()
    {
        var result = new Dictionary<TopicPartition, long>();
        if (!File.Exists(CheckpointFile)) return result;
        foreach (var line in File.ReadAllLines(CheckpointFile))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var p) && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var o))
                result[new TopicPartition(parts[0], p)] = o;
        }
        return result;
    }

    /// <summary>Writes the checkpoint atomically (a temp file renamed over the old one).</summary>
    public void WriteCheckpoint(IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        var temp = CheckpointFile + ".tmp";
        File.WriteAllLines(temp, offsets.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key.Topic} {kv.Key.Partition.Value} {kv.Value}")));
        File.Move(temp, CheckpointFile, overwrite: true);
    }

    public void DeleteCheckpoint() => File.Delete(CheckpointFile);

    /// <summary>Removes the local state (not the lock): the stores will restore in full.</summary>
    public void Wipe()
    {
        foreach (var dir in Directory.GetDirectories(Path)) Directory.Delete(dir, recursive: true);
        DeleteCheckpoint();
    }

    public void Dispose() => _lock.Dispose();
}
