using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Batch;

/// <summary>Composes a batch job into a host.</summary>
internal static class BatchServiceCollectionExtensions
{
    /// <summary>Adds <see cref="BatchRunner"/> for <paramref name="job"/> with its settings: <see cref="BatchOptions"/>, PostgreSQL, the topic names.</summary>
    public static IServiceCollection AddPulseBatch(this IServiceCollection services, IConfiguration configuration, BatchJob job)
    {
        services.AddPulsePostgres(configuration);
        services.AddPulseVitalsTopics(configuration);
        services.AddOptions<BatchOptions>()
            .Bind(configuration.GetSection(BatchOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchOptions>>(new BatchOptionsValidator(needsArchive: job == BatchJob.Daily)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new BatchRunner(job, sp, sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BatchRunner>>()));
        services.AddHostedService(sp => sp.GetRequiredService<BatchRunner>());
        return services;
    }
}
