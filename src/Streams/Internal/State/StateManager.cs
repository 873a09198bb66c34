namespace Pulse.Streams.Internal.State;

/// <summary>
/// The stores of one task that registered for restore, in registration order, with their
/// changelog topics and restore callbacks.
/// </summary>
internal sealed class StateManager
{
    private readonly List<Registration> _registrations = [];

    public IReadOnlyList<Registration> Registrations => _registrations;

    public void Register(string storeName, string changelogTopic, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> restoreBatch)
    {
        if (_registrations.Exists(r => r.StoreName == storeName))
            throw new InvalidOperationException($"State store '{storeName}' registered twice.");
        _registrations.Add(new Registration(storeName, changelogTopic, restoreBatch));
    }

    public Registration? Find(string storeName) => _registrations.Find(r => r.StoreName == storeName);

    /// <summary>A store's restore hook.</summary>
    public sealed record Registration(string StoreName, string ChangelogTopic, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> RestoreBatch);
}
