namespace Pulse.Vitals.Alerts;

/// <summary>
/// Everything the alert rules remember about one patient, kept under the patient id in
/// <see cref="AlertsStage.StoreName"/>. Invariant: every time held is at or before
/// <see cref="Watermark"/>, the event time of the latest reading the rules processed.
/// </summary>
internal sealed class PatientAlertState
{
    /// <summary>"No time": a field that is not set.</summary>
    public const long NoTime = long.MinValue;

    public long Watermark { get; set; } = NoTime;
    public News2State News2 { get; } = new();
    public SustainedState Sustained { get; } = new();
    public RapidChangeState RapidChange { get; } = new();
}
