namespace Pulse.Vitals.Alerts;

/// <summary>What every task's <see cref="AlertsProcessor"/> shares: the rules, the tracker, the state's serde, and timings read from validated options.</summary>
internal sealed class AlertsStageSettings(AlertOptions options, IReadOnlyList<IAlertRule> rules, IReadOnlyList<PatientStore> alsoForget)
{
    public IReadOnlyList<IAlertRule> Rules { get; } = rules;
    public EpisodeTracker Tracker { get; } = new(options, rules);
    public PatientAlertStateSerde Serde { get; } = new(rules);
    public IReadOnlyList<PatientStore> AlsoForget { get; } = alsoForget;
    public TimeSpan CheckInterval { get; } = options.CheckInterval;
    public long ForgetAfterMs { get; } = (long)options.ForgetAfter.TotalMilliseconds;
}
