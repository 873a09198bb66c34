namespace Pulse.Vitals.Alerts;

/// <summary>
/// A rule of the alert stage: looks at each of a patient's readings, in event-time order, and says
/// which of its conditions hold (<see cref="AlertObservations"/>). The stage turns what rules observe
/// into findings of the patient's one clinical episode: a condition counts once it has held for the
/// alarm delay (<see cref="AlertOptions.AlarmDelay"/>) or at once when urgent, and leaves the episode
/// <see cref="ClearAfter"/> after it last held.
/// <para>Evaluation runs for every reading and should not allocate; <see cref="Describe"/> runs only when an
/// event carries the finding. Adding a rule is a class implementing this interface and a line in <see cref="AlertRules.Default"/>.
/// A rule holds only settings and is shared by every task and thread; what it remembers about a
/// patient lives in its <see cref="IAlertRuleState"/>, stored in the patient's alert state as a section
/// of its own, under <see cref="Name"/> and <see cref="StateVersion"/>: restoring state written before
/// a rule existed gives that rule a new state, and a section of a rule no longer registered (or of
/// another version) is dropped, so adding, removing or reworking a rule never breaks a restore.</para>
/// </summary>
public interface IAlertRule
{
    /// <summary>
    /// The rule's name, upper snake case and unique among the stage's rules (<c>NEWS2</c>): what its
    /// findings are called (<c>AlertFinding.rule</c>) and the key of its state section.
    /// </summary>
    string Name { get; }

    /// <summary>How long a finding stays after the rule last observed it hold, once the rule observes it no longer does (hysteresis).</summary>
    TimeSpan ClearAfter { get; }

    /// <summary>The version of the state's encoding: bump it when <see cref="IAlertRuleState.Write"/> changes, and stored sections of other versions are dropped.</summary>
    byte StateVersion { get; }

    /// <summary>A patient's state when the rule has none stored yet; null for a rule that keeps nothing.</summary>
    IAlertRuleState? NewState();

    /// <summary>Reads a state written by <see cref="IAlertRuleState.Write"/> at <see cref="StateVersion"/> (only called for stateful rules).</summary>
    IAlertRuleState ReadState(ref AlertStateReader reader);

    /// <summary>
    /// Looks at one reading (never older than one the rule has seen for the patient) with the patient's
    /// state (null for a stateless rule; changed in place), and reports to <paramref name="observations"/>
    /// what holds and what does not. A condition the rule says nothing about is left as it was.
    /// </summary>
    void Evaluate(in RuleInput input, IAlertRuleState? state, AlertObservations observations);

    /// <summary>
    /// Says what holds about <paramref name="vital"/> (null for a rule about the whole patient) in the reading
    /// just evaluated, with the patient's state as <see cref="Evaluate"/> left it: the text a nurse reads and
    /// the values behind it. Called only when an event about to be sent carries the finding, so the text
    /// costs nothing on the readings in between.
    /// </summary>
    FindingText Describe(in RuleInput input, IAlertRuleState? state, string? vital);
}

/// <summary>What a finding says: for a nurse to read, and the values behind it, by name.</summary>
/// <param name="Message">One phrase, no final full stop: "NEWS2 8 (high risk): RR 24/min, SpO2 92% on oxygen".</param>
/// <param name="Values">The figures behind it (<c>news2_score</c>, <c>heart_rate</c>, …).</param>
public readonly record struct FindingText(string Message, Dictionary<string, double> Values);

/// <summary>What an <see cref="IAlertRule"/> remembers about one patient.</summary>
public interface IAlertRuleState
{
    /// <summary>Whether there is nothing to remember (the section is then not stored, and the rule's <see cref="IAlertRule.NewState"/> stands for it).</summary>
    bool IsEmpty { get; }

    /// <summary>Writes the state; <see cref="IAlertRule.ReadState"/> reads it back.</summary>
    void Write(AlertStateWriter writer);
}
