namespace Pulse.Vitals.Alerts;

/// <summary>
/// The alert stage's in-memory index of its task's patients by the wall-clock time something may be
/// due for them (a reminder, NO_DATA, forgetting), so the punctuation looks at those only and never
/// scans the store. Built from the store at the task's first punctuation (after restoration), then kept
/// up by each record. A patient indexed at that build gets a full NO_DATA timeout from then
/// (<see cref="Entry.NoDataFloor"/>): the time a failover took is not the patient's silence.
/// </summary>
internal sealed class PatientWatch
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _due = [];

    /// <summary>When something may be due, and the earliest time NO_DATA may count the patient's silence from.</summary>
    public readonly record struct Entry(long Due, long NoDataFloor);

    public bool Built { get; private set; }

    public int Count => _entries.Count;

    public void Set(string patient, long due, long noDataFloor = PatientAlertState.NoTime) => _entries[patient] = new Entry(due, noDataFloor);

    /// <summary>Adds a patient found in the store at the build, unless a record indexed it first.</summary>
    public void AddBuilt(string patient, long due, long noDataFloor) => _entries.TryAdd(patient, new Entry(due, noDataFloor));

    public void MarkBuilt() => Built = true;

    public void Remove(string patient) => _entries.Remove(patient);

    public Entry this[string patient] => _entries[patient];

    /// <summary>The patients something may be due for at <paramref name="now"/> (a list reused by the next call).</summary>
    public IReadOnlyList<string> Due(long now)
    {
        _due.Clear();
        foreach (var (patient, entry) in _entries)
            if (entry.Due <= now) _due.Add(patient);
        return _due;
    }
}
