using System.Globalization;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Observability;
using Pulse.Streams;
using Pulse.Vitals;

namespace Pulse.Host.Replica;

/// <summary>Composes a replica of the vitals topology into a host.</summary>
public static class ReplicaServiceCollectionExtensions
{
    /// <summary>
    /// Adds a replica of the vitals topology (<see cref="VitalsTopology"/>): the engine's own host entry
    /// (<see cref="StreamsServiceCollectionExtensions.AddPulseStreams"/>) with its <see cref="StreamsConfig"/> made from
    /// <see cref="ReplicaOptions"/> (section <c>Streams</c>) and Kafka's settings
    /// (<see cref="HostServiceCollectionExtensions.AddPulseKafka"/>), the topology from <see cref="VitalsOptions"/>
    /// (section <c>Vitals</c>), all validated when the host starts; the state directory's lock; and the
    /// readiness probe for <c>/readyz</c>. <see cref="KafkaStreamsService.Fault"/> says why a replica stopped by itself.
    /// </summary>
    public static IServiceCollection AddPulseReplica(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPulseKafka(configuration);
        services.AddPulseStreamsOptions(configuration);
        services.AddPulseVitalsOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        // Before the streams: taken first, released after they close.
        services.AddHostedService<StateDirLock>();
        // After the HTTP listener (when the command has one) has bound, before the streams start.
        services.AddHostedService(sp => new ApplicationServerFromHttp(sp.GetService<HttpEndpoint>(), sp.GetRequiredService<StreamsConfig>()));
        var close = int.TryParse(configuration[$"{ReplicaOptions.Section}:{nameof(ReplicaOptions.CloseTimeoutMs)}"], NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : new ReplicaOptions().CloseTimeoutMs;
        var applicationId = configuration[$"{ReplicaOptions.Section}:{nameof(ReplicaOptions.ApplicationId)}"] ?? new ReplicaOptions().ApplicationId;
        services.AddPulseStreams(
            sp => VitalsTopology.Build(sp.GetRequiredService<IOptions<VitalsOptions>>().Value, VitalsSerdes.Create(sp.GetRequiredService<ISchemaRegistryClient>())),
            (sp, config) => StreamsConfigFactory.Apply(config, sp.GetRequiredService<IOptions<ReplicaOptions>>().Value, sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
                sp.GetRequiredService<IOptions<VitalsOptions>>().Value.Topics),
            hosting =>
            {
                hosting.CloseTimeout = TimeSpan.FromMilliseconds(close);
                hosting.DescribeFailure = failure => ReplicaFailures.Describe(failure, applicationId);
            });
        services.AddSingleton<IReadinessProbe, StreamsReadinessProbe>();
        // The host waits for the replica's own close timeout, and a little more.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(close) + TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>
    /// Adds <c>GET /state/patients/{id}</c> (<see cref="PatientStateRoutes"/>) to the replica's HTTP listener: interactive
    /// queries answered here or forwarded to the replica that holds the patient.
    /// </summary>
    public static IServiceCollection AddPulsePatientStateQueries(this IServiceCollection services)
    {
        services.AddSingleton<IHttpRoutes, PatientStateRoutes>();
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
