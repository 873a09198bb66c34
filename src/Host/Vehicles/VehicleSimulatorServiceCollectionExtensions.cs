using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;

namespace Pulse.Host.Vehicles;

/// <summary>Composes <c>pulse simulate vehicles</c>.</summary>
internal static class VehicleSimulatorServiceCollectionExtensions
{
    /// <summary>Adds the vehicle simulator with its settings (section <c>Vehicles</c>), Kafka's and the topics', validated at start.</summary>
    public static IServiceCollection AddPulseVehicleSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPulseKafka(configuration);
        services.AddPulseVitalsTopics(configuration);
        services.AddOptions<VehicleSimulatorOptions>()
            .Bind(configuration.GetSection(VehicleSimulatorOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VehicleSimulatorOptions>, VehicleSimulatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => VehicleSimulatorPlan.From(sp.GetRequiredService<IOptions<VehicleSimulatorOptions>>().Value));
        services.TryAddSingleton<VehicleSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<VehicleSimulator>());
        return services;
    }
}
