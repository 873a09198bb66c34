using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Replica;
using Pulse.Host.Sink;

namespace Pulse.Host.Init;

/// <summary>Composes <c>pulse init</c> and the pipeline's topic settings into a host.</summary>
internal static class InitServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="InitRunner"/> with the settings it reads, validated at start: Kafka, topics
    /// (<see cref="TopicCreationOptions"/>, <c>Vitals:Topics</c>, <c>Sink:DeadLetterTopic</c>), the application id
    /// (<c>Streams:ApplicationId</c>), and PostgreSQL when <c>Postgres:ConnectionString</c> is set.
    /// </summary>
    public static IServiceCollection AddPulseInit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseKafka(configuration);
        services.AddPulseTopicOptions(configuration);
        if (!string.IsNullOrWhiteSpace(configuration[$"{PostgresOptions.Section}:{nameof(PostgresOptions.ConnectionString)}"]))
            services.AddPulsePostgres(configuration);
        services.TryAddSingleton<InitRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<InitRunner>());
        return services;
    }

    /// <summary>
    /// Binds what the pipeline's topic list is made of: <see cref="TopicCreationOptions"/>, the vitals options,
    /// the sink's options (for its dead-letter topic) and the replicas' (for the application id).
    /// </summary>
    public static IServiceCollection AddPulseTopicOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TopicCreationOptions>()
            .Bind(configuration.GetSection(TopicCreationOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopicCreationOptions>, TopicCreationOptionsValidator>());
        services.AddOptions<SinkOptions>()
            .Bind(configuration.GetSection(SinkOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SinkOptions>, SinkOptionsValidator>());
        services.AddPulseStreamsOptions(configuration);
        services.AddPulseVitalsOptions(configuration);
        return services;
    }
}
