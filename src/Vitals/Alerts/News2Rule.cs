using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// NEWS2: the score's risk band. MEDIUM risk (5–6) holds as a WARNING and HIGH (7 and more) as
/// CRITICAL; a score of at least <see cref="AlertOptions.UrgentNews2Score"/> is urgent (counts at once,
/// without the alarm delay: NEWS2's emergency response threshold). LOW_MEDIUM (one parameter scoring 3,
/// total below 5) sustains a finding already counted (NEWS2 asks for an urgent ward review at that
/// level) but starts none: a red parameter that persists is the SUSTAINED rule's, and a transient one
/// is usually an artefact. LOW and no risk do not hold; the finding clears after
/// <see cref="AlertOptions.News2ResolveAfter"/> of them. Keeps no state.
/// </summary>
internal sealed class News2Rule(AlertOptions options) : IAlertRule
{
    private readonly int _urgentScore = options.UrgentNews2Score;

    public string Name => "NEWS2";

    public TimeSpan ClearAfter { get; } = options.News2ResolveAfter;

    public byte StateVersion => 0;

    public IAlertRuleState? NewState() => null;

    public IAlertRuleState ReadState(ref AlertStateReader reader) => throw new NotSupportedException("NEWS2 keeps no state.");

    public void Evaluate(in RuleInput input, IAlertRuleState? state, AlertObservations observations)
    {
        var enriched = input.Enriched;
        switch (enriched.news2_risk)
        {
            case News2Risk.HIGH or News2Risk.MEDIUM:
                var severity = enriched.news2_risk == News2Risk.HIGH ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
                observations.Holds(null, severity, urgent: enriched.news2_score >= _urgentScore);
                break;
            case News2Risk.LOW_MEDIUM:
                observations.Sustains(null);
                break;
            default:
                observations.NotHolding(null);
                break;
        }
    }

    public FindingText Describe(in RuleInput input, IAlertRuleState? state, string? vital) =>
        new(AlertMessages.News2(input.Enriched), AlertMessages.News2Values(input.Enriched));
}
