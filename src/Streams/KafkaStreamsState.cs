namespace Pulse.Streams;

/// <summary>
/// The life of a <see cref="KafkaStreams"/> instance: Created → Rebalancing ⇄ Running →
/// PendingShutdown → NotRunning, or → Error when a thread fails and the handler shuts down.
/// </summary>
public enum KafkaStreamsState
{
    /// <summary>Made, not started.</summary>
    Created,

    /// <summary>Joining the group, or restoring state, after a start or a change of assignment.</summary>
    Rebalancing,

    /// <summary>Every thread has its tasks and processes.</summary>
    Running,

    /// <summary>Closing: threads finish the record in hand, commit and leave the group.</summary>
    PendingShutdown,

    /// <summary>Closed cleanly.</summary>
    NotRunning,

    /// <summary>Stopped after a failure the handler did not recover from.</summary>
    Error,
}

/// <summary>What to do when a stream thread fails.</summary>
public enum StreamThreadExceptionResponse
{
    /// <summary>Start a new thread in its place (its tasks move through a rebalance).</summary>
    ReplaceThread,

    /// <summary>Stop this instance (state <see cref="KafkaStreamsState.Error"/>).</summary>
    ShutdownClient,
}

/// <summary>A change of <see cref="KafkaStreams.State"/>.</summary>
/// <param name="NewState">The state entered.</param>
/// <param name="OldState">The state left.</param>
public sealed record KafkaStreamsStateChange(KafkaStreamsState NewState, KafkaStreamsState OldState);
