using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// Repeats a database operation that failed transiently (<see cref="DatabaseErrors.IsTransient"/>):
/// exponential backoff with jitter from <see cref="SinkOptions.RetryInitialDelayMs"/> up to
/// <see cref="SinkOptions.RetryMaxDelayMs"/>, for <see cref="SinkOptions.RetryMaxAttempts"/> retries
/// or without end. Each retry is logged with its reason (no connection string, no row values) and counted.
/// </summary>
internal sealed class DatabaseRetry
{
    private static readonly ResiliencePropertyKey<string> Operation = new("pulse.sink.operation");
    private readonly ResiliencePipeline _pipeline;

    public DatabaseRetry(SinkOptions options, SinkMetrics metrics, ILogger logger, TimeProvider time)
    {
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(DatabaseErrors.IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryInitialDelayMs),
                MaxDelay = TimeSpan.FromMilliseconds(options.RetryMaxDelayMs),
                MaxRetryAttempts = options.RetryMaxAttempts ?? int.MaxValue,
                OnRetry = args =>
                {
                    metrics.Retried();
                    var what = args.Context.Properties.GetValue(Operation, "a database operation");
                    logger.LogWarning("Database unavailable while {Operation} ({Reason}); attempt {Attempt} in {Delay:F0} ms",
                        what, DatabaseErrors.Describe(args.Outcome.Exception!), args.AttemptNumber + 2, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="action"/>, repeating it after transient failures; other failures, and the last transient one, propagate.</summary>
    public T Execute<T>(string operation, Func<T> action, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(Operation, operation);
            return _pipeline.Execute(static (_, state) => state(), context, action);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
