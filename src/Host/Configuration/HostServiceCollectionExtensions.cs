using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Schemas;
using Pulse.Vitals;

namespace Pulse.Host.Configuration;

/// <summary>The shared pieces every command composes: Kafka and registry settings, PostgreSQL.</summary>
public static class HostServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="KafkaOptions"/> (validated at start) and registers the schema registry client
    /// they name (<see cref="AvroSerdes.Registry"/>).
    /// </summary>
    public static IServiceCollection AddPulseKafka(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaOptions>()
            .Bind(configuration.GetSection(KafkaOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton<ISchemaRegistryClient>(sp =>
        {
            var kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Pulse.Host.Kafka").LogInformation("Schema registry {Registry}", kafka.DescribeRegistry());
            return AvroSerdes.Registry(kafka.SchemaRegistryUrl, kafka.SchemaRegistryProperties);
        });
        return services;
    }

    /// <summary>
    /// Binds the pipeline's topic names, <see cref="VitalsTopics"/> (section <c>Vitals:Topics</c>), validated at
    /// start: the one place every command that reads or writes the pipeline's topics takes their names from.
    /// </summary>
    public static IServiceCollection AddPulseVitalsTopics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VitalsTopics>()
            .Bind(configuration.GetSection(VitalsTopics.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VitalsTopics>, VitalsTopicsValidator>());
        return services;
    }

    /// <summary>Binds <see cref="PostgresOptions"/> (validated at start) and registers an <see cref="NpgsqlDataSource"/> for them.</summary>
    public static IServiceCollection AddPulsePostgres(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>()
            .Bind(configuration.GetSection(PostgresOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var postgres = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            return new NpgsqlDataSourceBuilder(postgres.ConnectionString)
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                .Build();
        });
        return services;
    }
}
