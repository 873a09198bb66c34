using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Pulse.Host.AlertTail;

/// <summary>
/// Whether a long-running consumer can reach Kafka, said once per change instead of librdkafka's line per
/// failed connection (about twenty a second with three brokers): lost (with the reason) when librdkafka
/// reports every broker down or a transport failure, back when the brokers answer a metadata request again.
/// librdkafka keeps reconnecting with its own exponential backoff meanwhile. <see cref="Unreachable"/> tells
/// how long the cluster has been away, so the caller can give up.
/// </summary>
/// <remarks>Errors arrive on librdkafka's thread, the checks from the consume loop: state is guarded by a lock.</remarks>
internal sealed partial class KafkaConnectionWatch(string servers, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private long? _lostAt;
    private long _nextProbe;

    /// <summary>How long Kafka has been unreachable; zero while connected.</summary>
    public TimeSpan Unreachable
    {
        get
        {
            lock (_gate) return _lostAt is { } at ? time.GetElapsedTime(at) : TimeSpan.Zero;
        }
    }

    /// <summary>Takes a client error event: every broker down, or a transport failure, means the connection is lost.</summary>
    public void OnError(Error error)
    {
        if (error.Code is not (ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve)) return;
        lock (_gate)
        {
            if (_lostAt is not null) return;
            _lostAt = time.GetTimestamp();
            _nextProbe = _lostAt.Value;
        }
        LogLost(logger, servers, error.Reason);
    }

    /// <summary>While lost, at most once a second: asks the brokers for metadata, and says when they answer again.</summary>
    public void Probe(IClient client)
    {
        lock (_gate)
        {
            if (_lostAt is null || time.GetTimestamp() < _nextProbe) return;
            _nextProbe = time.GetTimestamp() + (long)(ProbeEvery.TotalSeconds * time.TimestampFrequency);
        }
        try
        {
            using var admin = new DependentAdminClientBuilder(client.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromMilliseconds(500));
            if (metadata.Brokers.Count == 0) return;
        }
        catch (KafkaException)
        {
            return;
        }
        TimeSpan away;
        lock (_gate)
        {
            if (_lostAt is not { } at) return;
            away = time.GetElapsedTime(at);
            _lostAt = null;
        }
        LogBack(logger, servers, away.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to Kafka {Servers} ({Reason}); reconnecting with backoff")]
    private static partial void LogLost(ILogger logger, string servers, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Kafka {Servers} again after {Seconds:0.0} s")]
    private static partial void LogBack(ILogger logger, string servers, double seconds);
}
