using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Streams.Errors;

namespace Pulse.Streams;

/// <summary>
/// Hosts a <see cref="KafkaStreams"/> (<see cref="StreamsServiceCollectionExtensions.AddPulseStreams"/>): the
/// host's start starts it in the background, the host's stop closes it (the records in hand finished,
/// offsets committed, the group left) within <see cref="StreamsHostingOptions.CloseTimeout"/>. A failure
/// to start, or the streams going to <see cref="KafkaStreamsState.Error"/>, is logged, kept in
/// <see cref="Fault"/> and, by default, stops the application, so a process exits rather than idles.
/// </summary>
public sealed partial class KafkaStreamsService : IHostedService
{
    private readonly StreamsConfig _config;
    private readonly StreamsHostingOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private Task _starting = Task.CompletedTask;
    private volatile Exception? _fault;

    /// <summary>Made by <see cref="StreamsServiceCollectionExtensions.AddPulseStreams"/>.</summary>
    public KafkaStreamsService(KafkaStreams streams, StreamsConfig config, StreamsHostingOptions options, IHostApplicationLifetime? lifetime)
    {
        Streams = streams ?? throw new ArgumentNullException(nameof(streams));
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _lifetime = lifetime;
        _logger = config.LoggerFactory.CreateLogger("Pulse.Streams.Hosting");
        Streams.StateChanged += OnStateChanged;
    }

    /// <summary>The streams hosted.</summary>
    public KafkaStreams Streams { get; }

    /// <summary>What stopped the streams by themselves (a failure to start, or ERROR), described by <see cref="StreamsHostingOptions.DescribeFailure"/>; null otherwise.</summary>
    public Exception? Fault => _fault;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, _config.ApplicationId, _config.BootstrapServers ?? _config.Consumer.BootstrapServers,
            ProcessingGuaranteeConverter.KafkaName(_config.ProcessingGuarantee), _config.NumStreamThreads, _config.NumStandbyReplicas, _config.StateDir);
        _starting = Task.Run(() =>
        {
            try
            {
                Streams.Start();
            }
            catch (Exception e) when (e is StreamsException or Confluent.Kafka.KafkaException)
            {
                Fail(e);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _starting.ConfigureAwait(false);
        if (await Streams.CloseAsync(_options.CloseTimeout).ConfigureAwait(false)) LogClosed(_logger, Streams.State);
        else LogCloseTimedOut(_logger, _options.CloseTimeout.TotalSeconds);
    }

    private void OnStateChanged(KafkaStreamsStateChange change)
    {
        // Raised under the engine's lock: only note the failure and ask the host to stop, elsewhere.
        if (change.NewState == KafkaStreamsState.Error) Fail(Streams.Failure ?? new StreamsException("The streams went to ERROR."));
    }

    private void Fail(Exception failure)
    {
        var message = _options.DescribeFailure?.Invoke(failure) ?? failure.Message;
        if (_fault is not null) return;
        _fault = message == failure.Message ? failure : new StreamsException(message, failure);
        LogFault(_logger, message);
        if (_options.StopApplicationOnFailure && _lifetime is { } lifetime) _ = Task.Run(lifetime.StopApplication);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Starting {ApplicationId}: bootstrap {BootstrapServers}, {Guarantee}, {Threads} thread(s), {Standbys} standby replica(s), state {StateDir}")]
    private static partial void LogStarting(ILogger logger, string applicationId, string? bootstrapServers, string guarantee, int threads, int standbys, string stateDir);

    [LoggerMessage(Level = LogLevel.Information, Message = "Streams closed ({State})")]
    private static partial void LogClosed(ILogger logger, KafkaStreamsState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streams did not close within {Seconds} s; stopping anyway")]
    private static partial void LogCloseTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Streams stopping: {Reason}")]
    private static partial void LogFault(ILogger logger, string reason);
}
