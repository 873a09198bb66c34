namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Whether a table's node forwards each change with the row's old value. Off until an operator downstream
/// needs it (a table <c>GroupBy</c>, whose subtractor needs what to take away; a left or outer table join), as
/// Kafka's <c>enableSendingOldValues</c>; enabling it asks the node's parents too (a source table gets a store,
/// since only a store knows a row's old value). Read when tasks are made, after every DSL call.
/// </summary>
internal sealed class OldValues(Action? enableUpstream = null)
{
    /// <summary>True once something downstream asked for old values.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Turns old values on here and upstream.</summary>
    public void Enable()
    {
        if (Enabled) return;
        Enabled = true;
        enableUpstream?.Invoke();
    }
}
