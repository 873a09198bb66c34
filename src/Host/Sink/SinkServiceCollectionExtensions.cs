using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Sink;

/// <summary>Composes the Postgres sink into a host.</summary>
public static class SinkServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="PostgresSink"/> hosted service with its settings: <see cref="SinkOptions"/>
    /// (section <c>Sink</c>), the topic names (<see cref="HostServiceCollectionExtensions.AddPulseVitalsTopics"/>), Kafka and
    /// PostgreSQL (<see cref="HostServiceCollectionExtensions"/>), all validated when the host starts,
    /// and <see cref="SinkMetrics"/>.
    /// </summary>
    public static IServiceCollection AddPulseSink(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseKafka(configuration);
        services.AddPulsePostgres(configuration);
        services.AddOptions<SinkOptions>()
            .Bind(configuration.GetSection(SinkOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SinkOptions>, SinkOptionsValidator>());
        services.AddPulseVitalsTopics(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SinkMetrics>();
        services.TryAddSingleton<PostgresSink>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresSink>());
        return services;
    }
}
