using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pulse.Host.Observability;
using Pulse.Host.Simulator;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Simulator;

/// <summary>The simulator composed in-process as <c>pulse simulate</c> composes it (<see cref="SimulatorServiceCollectionExtensions.AddPulseSimulator"/>).</summary>
public sealed class VitalsSimulatorTests(SimulatorClusterFixture fixture) : IClassFixture<SimulatorClusterFixture>
{
    [Fact]
    public async Task CsvRun_CountsPublishedReadingsAndRejectedRows_OnThePulseSimulatorMeter()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-sim-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "patient_id,heart_rate\nP-1,70\nP-2,x\nP-3,72\nP-4,73\n");
        var measurements = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SimulatorMetrics.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measurements) measurements[instrument.Name] = measurements.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();
        using var output = new StringWriter();
        var topic = fixture.NewTopic(3);
        using var runs = new ActivityRecorder(HostTracing.SourceName, a => a.OperationName == "simulate.run" && (string?)a.GetTagItem("simulate.topic") == topic);
        try
        {
            using var host = Build(new Dictionary<string, string?>
            {
                ["Kafka:BootstrapServers"] = fixture.Kafka.BootstrapServers,
                ["Vitals:Topics:Raw"] = topic,
                ["Simulator:Csv"] = path,
            }, new SimulatorConsole(TextWriter.Synchronized(output), interactive: false));

            await host.StartAsync();
            await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var simulator = host.Services.GetRequiredService<VitalsSimulator>();
            Assert.IsType<SimulationFailedException>(simulator.Fault);
            Assert.Equal("1 CSV row could not be read (line 3); the other rows were published.", simulator.Fault.Message);
            var metrics = host.Services.GetRequiredService<SimulatorMetrics>();
            Assert.Equal((3, 1, 0), (metrics.Published, metrics.RowsRejected, metrics.DeliveryFailures));
            lock (measurements)
            {
                Assert.Equal(3, measurements["pulse.simulator.readings"]);
                Assert.Equal(1, measurements["pulse.simulator.rows_rejected"]);
                Assert.False(measurements.ContainsKey("pulse.simulator.delivery_failures"));
            }
            Assert.StartsWith("Published 3 readings to sim", output.ToString(), StringComparison.Ordinal);

            // Traced: one span for the run, with what it did, failed because a row was rejected.
            var run = Assert.Single(runs.Stopped);
            Assert.Equal((3L, 1L, 0L), ((long)run.GetTagItem("simulate.published")!, (long)run.GetTagItem("simulate.rows_rejected")!, (long)run.GetTagItem("simulate.delivery_failures")!));
            Assert.Equal(ActivityStatusCode.Error, run.Status);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RandomRunWithoutALimit_RunsUntilTheHostStops_AndFlushesWhatItSent()
    {
        using var output = new StringWriter();
        using var host = Build(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = fixture.Kafka.BootstrapServers,
            ["Vitals:Topics:Raw"] = fixture.NewTopic(3),
            ["Simulator:Rate"] = "200",
        }, new SimulatorConsole(TextWriter.Synchronized(output), interactive: false));
        var metrics = host.Services.GetRequiredService<SimulatorMetrics>();

        await host.StartAsync();
        TestSupport.Wait.Until(() => metrics.Published >= 50, TimeSpan.FromSeconds(30), "50 readings acknowledged");
        await host.StopAsync(TimeSpan.FromSeconds(30)); // as Ctrl+C or SIGTERM would

        Assert.Null(host.Services.GetRequiredService<VitalsSimulator>().Fault);
        Assert.Equal(0, metrics.DeliveryFailures);
        Assert.Contains($"Published {metrics.Published} readings to sim", output.ToString(), StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings, SimulatorConsole console)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(console);
        builder.Services.AddPulseSimulator(builder.Configuration);
        return builder.Build();
    }
}
