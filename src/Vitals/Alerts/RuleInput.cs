using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>The reading a rule looks at: the patient (the record key), the enriched reading, and its event time in ms.</summary>
internal readonly record struct RuleInput(string PatientId, EnrichedReading Enriched, long Time)
{
    /// <summary>The reading as received.</summary>
    public VitalReading Reading => Enriched.reading;
}
