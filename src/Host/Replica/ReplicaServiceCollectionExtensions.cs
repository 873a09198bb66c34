using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Observability;
using Pulse.Vitals;

namespace Pulse.Host.Replica;

/// <summary>Composes a replica of the vitals topology into a host.</summary>
public static class ReplicaServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="VitalsReplica"/> with its settings, validated when the host starts:
    /// <see cref="ReplicaOptions"/> (section <c>Streams</c>), <see cref="VitalsOptions"/> (section
    /// <c>Vitals</c>), Kafka and the registry (<see cref="HostServiceCollectionExtensions.AddPulseKafka"/>);
    /// and its readiness probe for <c>/readyz</c>.
    /// </summary>
    public static IServiceCollection AddPulseReplica(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPulseKafka(configuration);
        services.AddPulseStreamsOptions(configuration);
        services.AddPulseVitalsOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VitalsReplica>();
        services.AddHostedService(sp => sp.GetRequiredService<VitalsReplica>());
        services.AddSingleton<IReadinessProbe, StreamsReadinessProbe>();
        // The host waits for the replica's own close timeout, and a little more.
        var close = int.TryParse(configuration[$"{ReplicaOptions.Section}:{nameof(ReplicaOptions.CloseTimeoutMs)}"], NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : new ReplicaOptions().CloseTimeoutMs;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(close) + TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>Binds <see cref="ReplicaOptions"/> (section <c>Streams</c>), validated at start.</summary>
    internal static IServiceCollection AddPulseStreamsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReplicaOptions>()
            .Bind(configuration.GetSection(ReplicaOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplicaOptions>, ReplicaOptionsValidator>());
        return services;
    }

    /// <summary>Binds <see cref="VitalsOptions"/> (section <c>Vitals</c>), validated at start by the topology's rules.</summary>
    internal static IServiceCollection AddPulseVitalsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VitalsOptions>()
            .Bind(configuration.GetSection(VitalsOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VitalsOptions>, VitalsOptionsValidator>());
        return services;
    }
}
