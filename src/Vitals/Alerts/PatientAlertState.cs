namespace Pulse.Vitals.Alerts;

/// <summary>
/// Everything the alert stage remembers about one patient, kept under the patient id in
/// <see cref="AlertsStage.StoreName"/>: the findings (candidates and counted), the open episodes,
/// the latest reading's vitals while a clinical episode is open, and each rule's state, in the order
/// of the stage's rules. Invariant: every event time held is at or before <see cref="Watermark"/>,
/// the event time of the latest reading the rules processed.
/// </summary>
internal sealed class PatientAlertState(int rules)
{
    /// <summary>"No time": a field that is not set.</summary>
    public const long NoTime = long.MinValue;

    public long Watermark { get; set; } = NoTime;

    /// <summary>When a record of the patient last arrived (wall clock), or <see cref="NoTime"/>.</summary>
    public long LastSeen { get; set; } = NoTime;

    /// <summary>The device of the latest reading, named in technical alerts.</summary>
    public string? DeviceId { get; set; }

    public List<Finding> Findings { get; } = [];

    public Episode? Clinical { get; set; }

    public Episode? Technical { get; set; }

    /// <summary>
    /// The latest reading's figures, kept while <see cref="Clinical"/> is open (for events no reading causes):
    /// made from the latest reading only when asked for (an event, or the store writing the state), restored as they were.
    /// </summary>
    public ReadingSnapshot? Latest
    {
        get => _latest ??= _latestReading is { } reading ? ReadingSnapshot.Of(reading) : null;
        set => (_latest, _latestReading) = (value, null);
    }

    private ReadingSnapshot? _latest;
    private pulse.vitals.EnrichedReading? _latestReading;

    /// <summary>Keeps <paramref name="reading"/> as the latest (null: none), without making its snapshot yet.</summary>
    public void SetLatest(pulse.vitals.EnrichedReading? reading) => (_latest, _latestReading) = (null, reading);

    /// <summary>Each rule's state, at the rule's index; null for stateless rules.</summary>
    public IAlertRuleState?[] Rules { get; } = new IAlertRuleState?[rules];

    /// <summary>The finding of <paramref name="rule"/> about <paramref name="vital"/>, or null.</summary>
    public Finding? Find(string rule, string? vital)
    {
        foreach (var finding in Findings)
            if (finding.Is(rule, vital)) return finding;
        return null;
    }

    public bool AnyCounted()
    {
        foreach (var finding in Findings)
            if (finding.Counted) return true;
        return false;
    }
}
