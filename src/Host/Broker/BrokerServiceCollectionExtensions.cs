using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.Init;

namespace Pulse.Host.Broker;

/// <summary>Composes the embedded Kafka cluster of <c>pulse broker</c> (and <c>pulse demo</c>) into a host.</summary>
internal static class BrokerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EmbeddedBroker"/> as a hosted service with its settings, validated at start:
    /// <see cref="BrokerOptions"/> (section <c>Broker</c>) and the pipeline's topic list
    /// (<see cref="InitServiceCollectionExtensions.AddPulseTopicOptions"/>).
    /// </summary>
    public static IServiceCollection AddPulseBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseBrokerOptions(configuration);
        services.TryAddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        return services;
    }

    /// <summary>Binds <see cref="BrokerOptions"/> and the pipeline's topic settings, validated at start, without the broker itself.</summary>
    public static IServiceCollection AddPulseBrokerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrokerOptions>()
            .Bind(configuration.GetSection(BrokerOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>());
        services.AddPulseTopicOptions(configuration);
        return services;
    }
}
