using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Host.AlertTail;
using Pulse.Host.Configuration;
using Pulse.Vitals;

namespace Pulse.Host.Dashboard;

/// <summary>Composes <c>pulse dashboard</c> (and the demo's dashboard): the ward model, its feed and push, the web server, PostgreSQL when configured.</summary>
internal static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard, its options (section <c>Dashboard</c>), Kafka's and the topics' (validated at start), and
    /// PostgreSQL's when <c>Postgres:ConnectionString</c> is set (the patient and daily pages need it).
    /// </summary>
    public static IServiceCollection AddPulseDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseKafka(configuration);
        services.AddPulseVitalsTopics(configuration);
        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (!string.IsNullOrWhiteSpace(configuration[$"{PostgresOptions.Section}:{nameof(PostgresOptions.ConnectionString)}"]))
        {
            services.AddPulsePostgres(configuration);
            services.AddSingleton(sp => new PatientHistory(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        services.AddSingleton(sp => new WardModel(sp.GetRequiredService<IOptions<DashboardOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AreaModel(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StateClient>();
        services.AddSingleton(sp =>
        {
            var producer = new Lazy<AlertAckProducer>(() => new AlertAckProducer(sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
                sp.GetRequiredService<IOptions<VitalsTopics>>().Value.Acks, sp.GetRequiredService<ISchemaRegistryClient>(), TimeSpan.FromSeconds(10),
                "pulse-dashboard"));
            return new Func<AlertAckProducer>(() => producer.Value);
        });
        services.AddSingleton<WardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<WardFeed>());
        services.AddSingleton<WardSeed>();
        services.AddHostedService(sp => sp.GetRequiredService<WardSeed>());
        services.AddSingleton<WardPush>();
        services.AddHostedService(sp => sp.GetRequiredService<WardPush>());
        services.AddSingleton<DashboardServer>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardServer>());
        return services;
    }
}
