using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>One record for the alert stage, from one of its three inputs: a reading, an acknowledgement, or a discharge (a struct: wrapping costs nothing).</summary>
internal readonly struct AlertInput
{
    public EnrichedReading? Reading { get; private init; }
    public AlertAck? Ack { get; private init; }
    public VitalReading? Discharge { get; private init; }

    public static AlertInput Of(EnrichedReading reading) => new() { Reading = reading };
    public static AlertInput Of(AlertAck ack) => new() { Ack = ack };
    public static AlertInput Discharged(VitalReading discharge) => new() { Discharge = discharge };
}
