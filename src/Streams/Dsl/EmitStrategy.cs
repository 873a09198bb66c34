namespace Pulse.Streams.Dsl;

/// <summary>
/// When a windowed aggregation emits (Kafka's KIP-825): on every update of a window (the default), or once per window, its final
/// result, when the window closes (stream time passes its end plus grace). Unlike <c>Suppress</c>, emitting on close needs no
/// buffer: the aggregation reads the closed windows back from its own store.
/// </summary>
public sealed record EmitStrategy
{
    private EmitStrategy(bool onWindowClose) => OnClose = onWindowClose;

    /// <summary>True to emit each window once, when it closes.</summary>
    public bool OnClose { get; }

    /// <summary>Emit each update of a window (Kafka's default).</summary>
    public static EmitStrategy OnWindowUpdate() => new(false);

    /// <summary>Emit each window's final result once, when it closes.</summary>
    public static EmitStrategy OnWindowClose() => new(true);
}
