using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pulse.Streams;

/// <summary>Composes a Kafka Streams application into a .NET host, as <c>AddNpgsqlDataSource</c> does a database.</summary>
public static class StreamsServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="KafkaStreams"/> running <paramref name="topology"/>, hosted by
    /// <see cref="KafkaStreamsService"/>: started with the host (in the background: creating internal
    /// topics may take a while) and closed cleanly when it stops. The <see cref="StreamsConfig"/> is built
    /// once: the host's <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/> when registered, then
    /// <paramref name="configure"/>, then <see cref="StreamsConfig.Validate"/>. <see cref="StreamsConfig"/>,
    /// <see cref="KafkaStreams"/> and <see cref="KafkaStreamsService"/> are singletons of the container.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddPulseStreams(
    ///     _ => BuildTopology(),
    ///     (_, config) => { config.ApplicationId = "counts"; config.BootstrapServers = "kafka:9092"; },
    ///     hosting => hosting.CloseTimeout = TimeSpan.FromSeconds(10));
    /// </code>
    /// </example>
    public static IServiceCollection AddPulseStreams(this IServiceCollection services, Func<IServiceProvider, Topology> topology,
        Action<IServiceProvider, StreamsConfig> configure, Action<StreamsHostingOptions>? hosting = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new StreamsHostingOptions();
        hosting?.Invoke(options);
        services.TryAddSingleton(sp =>
        {
            var config = new StreamsConfig
            {
                TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System,
                LoggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            };
            configure(sp, config);
            config.Validate();
            return config;
        });
        services.TryAddSingleton(sp => new KafkaStreams(topology(sp), sp.GetRequiredService<StreamsConfig>()));
        services.TryAddSingleton(sp => new KafkaStreamsService(sp.GetRequiredService<KafkaStreams>(), sp.GetRequiredService<StreamsConfig>(), options,
            sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<KafkaStreamsService>());
        return services;
    }
}
