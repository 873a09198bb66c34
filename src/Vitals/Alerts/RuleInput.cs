using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>The reading an <see cref="IAlertRule"/> looks at: the patient (the record key), the enriched reading, and its event time in ms since the epoch.</summary>
/// <param name="PatientId">The patient, as keyed.</param>
/// <param name="Enriched">The reading with its statuses, NEWS2 score and rolling figures.</param>
/// <param name="Time">The reading's event time, ms since the epoch.</param>
public readonly record struct RuleInput(string PatientId, EnrichedReading Enriched, long Time)
{
    /// <summary>The reading as received.</summary>
    public VitalReading Reading => Enriched.reading;
}
