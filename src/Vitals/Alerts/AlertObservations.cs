using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// What the rules observe in one reading, condition by condition. A condition is a rule and,
/// for rules per vital, a vital (<c>"heart_rate"</c>); null for a rule about the whole patient.
/// One instance serves a processor: the stage clears it between readings.
/// </summary>
public sealed class AlertObservations
{
    private readonly List<Observation> _items = [];

    /// <summary>The rule being evaluated; set by the stage.</summary>
    internal IAlertRule Rule { get; set; } = null!;

    internal List<Observation> Items => _items;

    internal void Clear() => _items.Clear();

    /// <summary>
    /// The condition holds in this reading, at <paramref name="severity"/>. It becomes a finding of the
    /// episode once it has held for the alarm delay since <paramref name="since"/> (the rule's own start
    /// of the condition, such as the first reading of a critical run; by default the first reading the
    /// rule reported it in, in an unbroken run), or at once when <paramref name="urgent"/>.
    /// </summary>
    /// <param name="vital">The vital concerned (snake_case field name), or null.</param>
    /// <param name="severity">How severe the condition is now.</param>
    /// <param name="since">When the condition began, if the rule knows better than the stage; at or before this reading.</param>
    /// <param name="urgent">Count it at once, without the alarm delay.</param>
    public void Holds(string? vital, AlertSeverity severity, long? since = null, bool urgent = false) =>
        _items.Add(new Observation(Rule, vital, ObservationKind.Holds, severity, since, urgent));

    /// <summary>
    /// A weaker form of the condition holds: a finding already counted stays (its hysteresis restarts),
    /// but nothing new starts and nothing rises (NEWS2 at low-medium risk, a critical run not yet long enough).
    /// </summary>
    public void Sustains(string? vital) => _items.Add(new Observation(Rule, vital, ObservationKind.Sustains, default, null, false));

    /// <summary>The condition does not hold in this reading: a finding not yet counted is dropped, a counted one clears after the rule's <see cref="IAlertRule.ClearAfter"/>.</summary>
    public void NotHolding(string? vital) => _items.Add(new Observation(Rule, vital, ObservationKind.NotHolding, default, null, false));
}

internal enum ObservationKind : byte { Holds, Sustains, NotHolding }

/// <summary>One thing a rule reported about a reading.</summary>
internal readonly record struct Observation(IAlertRule Rule, string? Vital, ObservationKind Kind, AlertSeverity Severity, long? Since, bool Urgent);
