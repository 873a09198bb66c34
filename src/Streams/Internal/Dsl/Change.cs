namespace Pulse.Streams.Internal.Dsl;

/// <summary>An update of a table row: the new value and, when asked for, the old one.</summary>
internal readonly record struct Change<TValue>(TValue? NewValue, TValue? OldValue);
