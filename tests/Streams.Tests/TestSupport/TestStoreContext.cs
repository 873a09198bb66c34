using Pulse.Streams.State;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// A store context for testing byte stores on their own: a fresh state directory (deleted on
/// dispose) and the restore callbacks the stores register, which <see cref="Restore"/> invokes as
/// the task would while replaying a changelog.
/// </summary>
public sealed class TestStoreContext : IStateStoreContext, IDisposable
{
    private readonly Dictionary<string, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>>> _restorers = [];

    /// <summary>Creates a context with its own empty state directory.</summary>
    public TestStoreContext()
    {
        StateDir = Directory.CreateTempSubdirectory("pulse-streams-tests-").FullName; // no shared parent left behind
    }

    /// <inheritdoc />
    public string ApplicationId => Config.ApplicationId;

    /// <inheritdoc />
    public TaskId TaskId { get; } = new(0, 0);

    /// <inheritdoc />
    public string StateDir { get; }

    /// <inheritdoc />
    public StreamsConfig Config { get; } = new() { ApplicationId = "test" };

    /// <summary>The names of the stores registered so far.</summary>
    public IReadOnlyCollection<string> Registered => _restorers.Keys;

    /// <inheritdoc />
    public void Register(IStateStore store, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> restoreBatch)
    {
        ArgumentNullException.ThrowIfNull(store);
        _restorers[store.Name] = restoreBatch;
    }

    /// <summary>Hands <paramref name="records"/> to the restore callback of <paramref name="storeName"/>, as one batch.</summary>
    public void Restore(string storeName, params KeyValuePair<byte[], byte[]?>[] records) => _restorers[storeName](records);

    /// <summary>Hands <paramref name="records"/> with their timestamps to the restore callback of <paramref name="storeName"/>, as one batch.</summary>
    public void RestoreWithTimestamps(string storeName, params (byte[] Key, byte[]? Value, long Timestamp)[] records)
    {
        var batch = new Internal.State.ChangelogBatch(records.Length);
        foreach (var (key, value, timestamp) in records) batch.Add(key, value, timestamp);
        _restorers[storeName](batch);
    }

    /// <summary>Deletes the state directory.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
