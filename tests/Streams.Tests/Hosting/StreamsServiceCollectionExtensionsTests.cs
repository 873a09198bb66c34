using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Hosting;

public class StreamsServiceCollectionExtensionsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static IHost Host(EmbeddedKafkaCluster cluster, string applicationId, string stateDir, Action<StreamsHostingOptions>? hosting = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPulseStreams(_ => RuntimeApps.Echo(v => v.ToUpperInvariant()), (_, config) =>
        {
            var kit = KafkaTestKit.Config(cluster, applicationId, stateDir);
            config.ApplicationId = kit.ApplicationId;
            config.BootstrapServers = kit.BootstrapServers;
            config.StateDir = kit.StateDir;
            config.TopicCreator = kit.TopicCreator;
            config.CommitInterval = TimeSpan.FromMilliseconds(100);
        }, hosting);
        return builder.Build();
    }

    [Fact]
    public async Task AddPulseStreams_HostStartAndStop_RunsTheTopologyThenClosesIt()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("out", 2);
        using var state = new KafkaTestKit.TempDir();
        using var host = Host(cluster, "hosted-echo", state.Path);

        await host.StartAsync();
        var service = host.Services.GetRequiredService<KafkaStreamsService>();
        Assert.Same(host.Services.GetRequiredService<KafkaStreams>(), service.Streams);
        Assert.Same(host.Services.GetRequiredService<StreamsConfig>(), host.Services.GetRequiredService<StreamsConfig>());
        KafkaTestKit.Produce(cluster, "in", [("k", "hello", 1_700_000_000_000L)]);
        var records = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 1, Deadline);
        Assert.Equal("HELLO", RuntimeApps.Text(records[0].Message.Value));
        Assert.Equal(KafkaStreamsState.Running, service.Streams.State);

        await host.StopAsync();
        Assert.Equal(KafkaStreamsState.NotRunning, service.Streams.State);
        Assert.Null(service.Fault);
    }

    [Fact]
    public async Task AddPulseStreams_SourceTopicMissing_KeepsTheDescribedFaultAndStopsTheApplication()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        using var state = new KafkaTestKit.TempDir();
        using var host = Host(cluster, "hosted-missing", state.Path, h => h.DescribeFailure = e => e.Message + " Create it first.");
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        await host.StartAsync();
        Wait.Until(() => lifetime.ApplicationStopping.IsCancellationRequested, Deadline, "the application to be stopped");
        var fault = host.Services.GetRequiredService<KafkaStreamsService>().Fault;
        Assert.NotNull(fault);
        Assert.Contains("'in' does not exist", fault.Message, StringComparison.Ordinal);
        Assert.EndsWith(" Create it first.", fault.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public void AddPulseStreams_InvalidConfig_FailsWhenResolvedNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddPulseStreams(_ => RuntimeApps.Echo(), (_, config) => config.BootstrapServers = "localhost:9092");
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<Pulse.Streams.Errors.StreamsConfigException>(() => provider.GetRequiredService<KafkaStreams>());
        Assert.Contains(nameof(StreamsConfig.ApplicationId), e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exactly_once_v2", ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData("exactly_once", ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData("at_least_once", ProcessingGuarantee.AtLeastOnce)]
    [InlineData("ExactlyOnceV2", ProcessingGuarantee.ExactlyOnceV2)]
    public void ProcessingGuarantee_FromConfiguration_ReadsKafkasNames(string text, ProcessingGuarantee expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("Guarantee", text)]).Build();

        Assert.Equal(expected, configuration.GetValue<ProcessingGuarantee>("Guarantee"));
    }

    [Fact]
    public void ProcessingGuarantee_UnknownName_FailsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("Guarantee", "maybe_once")]).Build();

        var e = Assert.Throws<InvalidOperationException>(() => configuration.GetValue<ProcessingGuarantee>("Guarantee"));
        Assert.Contains("'Guarantee'", e.Message, StringComparison.Ordinal);
    }
}
