using pulse.vitals;
using Pulse.Vitals.Alerts;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>What reaches alerts.dispatch (someone must act) and what only alerts.notify.</summary>
public class AlertRoutingTests
{
    [Theory]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.CRITICAL, AlertState.RAISED, true)]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.CRITICAL, AlertState.ESCALATED, true)]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.CRITICAL, AlertState.REMINDED, true)]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.CRITICAL, AlertState.UPDATED, false)]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.CRITICAL, AlertState.ACKNOWLEDGED, false)]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.CRITICAL, AlertState.RESOLVED, false)]
    [InlineData(EpisodeKind.CLINICAL, AlertSeverity.WARNING, AlertState.RAISED, false)]
    [InlineData(EpisodeKind.TECHNICAL, AlertSeverity.CRITICAL, AlertState.RAISED, false)]
    public void Dispatch_GetsCriticalClinicalEpisodesRaisedEscalatedOrReminded(EpisodeKind kind, AlertSeverity severity, AlertState state, bool dispatched)
    {
        var alert = new Alert { kind = kind, severity = severity, state = state, alert_id = "a", patient_id = "p", message = "m" };

        Assert.Equal(dispatched, AlertsStage.IsDispatched(alert));
    }
}
