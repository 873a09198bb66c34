using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal;

using Pulse.Vitals;

namespace Pulse.Host.Simulator;

/// <summary>Composes the vitals simulator into a host.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the simulator as a hosted service that runs once and then stops the host, with its
    /// settings: <see cref="SimulatorOptions"/> (section <c>Simulator</c>), the raw topic
    /// (<see cref="HostServiceCollectionExtensions.AddPulseVitalsTopics"/>) and Kafka (<see cref="HostServiceCollectionExtensions.AddPulseKafka"/>),
    /// all validated when the host starts, and <see cref="SimulatorMetrics"/>.
    /// </summary>
    public static IServiceCollection AddPulseSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseKafka(configuration);
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>());
        services.AddPulseVitalsTopics(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SimulatorMetrics>();
        services.TryAddSingleton(_ => SimulatorConsole.System());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            return SimulationPlan.TryCreate(options, sp.GetRequiredService<IOptions<VitalsTopics>>().Value, out var result)
                ?? throw new OptionsValidationException(SimulatorOptions.Section, typeof(SimulatorOptions), result.Failures);
        });
        services.TryAddSingleton<VitalsSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<VitalsSimulator>());
        return services;
    }
}
