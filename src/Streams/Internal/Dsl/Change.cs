namespace Pulse.Streams.Internal.Dsl;

/// <summary>An update of a table row: the new value and, when asked for, the old one.</summary>
internal readonly record struct Change<TValue>(TValue? NewValue, TValue? OldValue)
{
    /// <summary>True when the update deletes the row: a value-type new value cannot be null, so a delete says so here.</summary>
    public bool IsDelete { get; init; }
}
