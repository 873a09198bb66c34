using pulse.vitals;
using Pulse.Vitals.Clinical;

namespace Pulse.Vitals.Internal;

/// <summary>
/// A raw record after validation: either a valid <see cref="Reading"/> (<see cref="Reasons"/>
/// null), or the original bytes with every reason they were rejected (and the deserializer's
/// exception, when that was the reason). A struct: one per raw record, passed on and never kept.
/// </summary>
internal readonly struct CheckedReading
{
    private CheckedReading(byte[]? raw, VitalReading? reading, List<InvalidReason>? reasons, Exception? error)
    {
        Raw = raw;
        Reading = reading;
        Reasons = reasons;
        Error = error;
    }

    public byte[]? Raw { get; }
    public VitalReading? Reading { get; }
    public List<InvalidReason>? Reasons { get; }
    public Exception? Error { get; }
    public bool IsValid => Reasons is null;

    /// <summary>A valid discharge: the patient has left (no measurement).</summary>
    public bool IsDischarge => Reading is { discharged: true };

    public static CheckedReading Valid(VitalReading reading) => new(null, reading, null, null);

    public static CheckedReading Invalid(byte[]? raw, List<InvalidReason> reasons, Exception? error = null) => new(raw, null, reasons, error);
}
