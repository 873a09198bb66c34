namespace Pulse.Streams;

/// <summary>How <see cref="KafkaStreamsService"/> hosts a <see cref="KafkaStreams"/> (see <see cref="StreamsServiceCollectionExtensions.AddPulseStreams"/>).</summary>
public sealed class StreamsHostingOptions
{
    private TimeSpan _closeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a clean stop may take to finish the records in hand, commit and leave the group (default 30 s).</summary>
    public TimeSpan CloseTimeout
    {
        get => _closeTimeout;
        set => _closeTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "CloseTimeout must be positive.");
    }

    /// <summary>Whether a failure to start, or the streams going to <see cref="KafkaStreamsState.Error"/>, stops the application (default true).</summary>
    public bool StopApplicationOnFailure { get; set; } = true;

    /// <summary>
    /// Turns a failure into the message logged and kept in <see cref="KafkaStreamsService.Fault"/>: a place to
    /// add what an operator should do about it. Default: the exception's message.
    /// </summary>
    public Func<Exception, string>? DescribeFailure { get; set; }
}
