using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Archive;

/// <summary>Composes the archiver into a host.</summary>
public static class ArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="Archiver"/> hosted service with its settings (<see cref="ArchiveOptions"/>, section <c>Archive</c>;
    /// Kafka; the topic names), validated at start, and a <see cref="LocalArchiveStorage"/> at <see cref="ArchiveOptions.Directory"/>
    /// unless an <see cref="IArchiveStorage"/> is registered already.
    /// </summary>
    public static IServiceCollection AddPulseArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseKafka(configuration);
        services.AddPulseVitalsTopics(configuration);
        services.AddOptions<ArchiveOptions>()
            .Bind(configuration.GetSection(ArchiveOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArchiveOptions>, ArchiveOptionsValidator>());
        services.TryAddSingleton<IArchiveStorage>(sp => new LocalArchiveStorage(sp.GetRequiredService<IOptions<ArchiveOptions>>().Value.Directory));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<Archiver>();
        services.AddHostedService(sp => sp.GetRequiredService<Archiver>());
        return services;
    }
}
