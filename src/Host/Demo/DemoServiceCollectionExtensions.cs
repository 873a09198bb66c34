using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Broker;
using Pulse.Host.Configuration;
using Pulse.Host.Demo.Internal;
using Pulse.Host.Init;
using Pulse.Host.Replica;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Sink;
using Pulse.Vitals;

namespace Pulse.Host.Demo;

/// <summary>Composes <c>pulse demo</c> into a host.</summary>
internal static class DemoServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DemoRunner"/> with <see cref="DemoOptions"/> (section <c>Demo</c>), and binds every
    /// part's settings here too (broker and topics, replicas, vitals, sink, simulator, and PostgreSQL when
    /// given), validated when the host starts: a bad setting stops the demo before anything runs.
    /// </summary>
    public static IServiceCollection AddPulseDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>());
        services.AddPulseBrokerOptions(configuration);
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>());
        services.AddPulseVitalsTopics(configuration);
        if (!string.IsNullOrWhiteSpace(configuration[$"{PostgresOptions.Section}:{nameof(PostgresOptions.ConnectionString)}"]))
            services.AddPulsePostgres(configuration);
        services.TryAddSingleton(TimeProvider.System);
        var workspace = DemoWorkspace.From(configuration);
        services.TryAddSingleton(workspace);
        services.AddLogging(logging => logging.AddProvider(new DemoLogFile(workspace.LogFile)));
        services.TryAddSingleton(sp => Plan(sp, configuration));
        services.TryAddSingleton<DemoRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoRunner>());
        // Stopping the parts in order takes a replica's close, the sink's last batch and the final counts.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
        return services;
    }

    private static DemoPlan Plan(IServiceProvider services, IConfiguration configuration)
    {
        var errors = new SettingErrors();
        var demo = DemoPlan.TryCreate(services.GetRequiredService<IOptions<DemoOptions>>().Value, errors);
        var simulation = SimulationPlan.TryCreate(services.GetRequiredService<IOptions<SimulatorOptions>>().Value,
            services.GetRequiredService<IOptions<VitalsTopics>>().Value, out var simulatorResult);
        if (demo?.VehiclesCsv is not null && simulation is { Mode: not SimulationMode.Csv })
        {
            errors.Add("Demo:VehiclesCsv", "replays vehicles beside a CSV of readings: give --csv too (random mode simulates --vehicles).");
            demo = null;
        }
        if (demo is null || simulation is null)
            throw new OptionsValidationException(DemoOptions.Section, typeof(DemoOptions), [.. errors.Result().Failures ?? [], .. simulatorResult.Failures ?? []]);
        var connection = configuration[$"{PostgresOptions.Section}:{nameof(PostgresOptions.ConnectionString)}"];
        return demo with
        {
            Simulation = simulation,
            Topics = services.GetRequiredService<IOptions<VitalsOptions>>().Value.Topics,
            Partitions = services.GetRequiredService<IOptions<TopicCreationOptions>>().Value.Partitions,
            ApplicationId = services.GetRequiredService<IOptions<ReplicaOptions>>().Value.ApplicationId,
            SinkGroup = services.GetRequiredService<IOptions<SinkOptions>>().Value.GroupId,
            PostgresConnectionString = string.IsNullOrWhiteSpace(connection) ? null : connection,
        };
    }
}
