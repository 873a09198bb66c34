using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The NEWS2 rule. MEDIUM risk raises a WARNING episode and HIGH a CRITICAL one; an open WARNING
/// episode that reaches HIGH is ESCALATED (once: it stays CRITICAL); the episode RESOLVES on a
/// reading at LOW or NONE risk once every reading of at least <see cref="AlertOptions.News2ResolveAfter"/>
/// of event time has been at LOW or NONE.
/// <para>LOW_MEDIUM (a single parameter scoring 3 with a total below 5) neither raises nor resolves:
/// it opens no episode (a red parameter that persists raises a CRITICAL SUSTAINED alert for that
/// vital, and a transient one is usually an artefact), and it holds an open episode open, restarting
/// the low-risk run, because NEWS2 asks for an urgent ward review at that level.</para>
/// <para>Holds only settings (each patient's state is passed in), so one instance serves every task.</para>
/// </summary>
internal sealed class News2Rule(AlertOptions options)
{
    private readonly long _resolveAfterMs = (long)options.News2ResolveAfter.TotalMilliseconds;

    public void Apply(in RuleInput input, News2State state, List<Alert> output)
    {
        var risk = input.Enriched.news2_risk;
        if (!state.Open)
        {
            if (risk is News2Risk.MEDIUM or News2Risk.HIGH)
            {
                state.Start(input.Time, risk == News2Risk.HIGH ? AlertSeverity.CRITICAL : AlertSeverity.WARNING);
                output.Add(Event(input, state, AlertState.RAISED, AlertMessages.News2Raised(input)));
            }
            return;
        }
        switch (risk)
        {
            case News2Risk.HIGH when state.Severity == AlertSeverity.WARNING:
                state.Severity = AlertSeverity.CRITICAL;
                state.LowSince = PatientAlertState.NoTime;
                output.Add(Event(input, state, AlertState.ESCALATED, AlertMessages.News2Escalated(input, state.EpisodeStart)));
                break;
            case News2Risk.HIGH or News2Risk.MEDIUM or News2Risk.LOW_MEDIUM:
                state.LowSince = PatientAlertState.NoTime;
                break;
            default: // LOW or NONE
                if (state.LowSince == PatientAlertState.NoTime) state.LowSince = input.Time;
                var lowFor = input.Time - state.LowSince;
                if (lowFor < _resolveAfterMs) break;
                var resolved = Event(input, state, AlertState.RESOLVED, AlertMessages.News2Resolved(input, state.EpisodeStart, lowFor));
                resolved.trigger_values["low_risk_seconds"] = lowFor / 1000.0;
                output.Add(resolved);
                state.Close();
                break;
        }
    }

    private static Alert Event(in RuleInput input, News2State state, AlertState alertState, string message) =>
        AlertEvents.Create(input, AlertRule.NEWS2, null, state.Severity, alertState, state.EpisodeStart, message,
            AlertMessages.News2Triggers(input.Enriched));
}
