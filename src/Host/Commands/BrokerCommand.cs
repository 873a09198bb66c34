using System.CommandLine;
using Pulse.Host.Broker;
using Pulse.Host.Init;
using Pulse.Host.Observability;

namespace Pulse.Host.Commands;

/// <summary><c>pulse broker</c>: the embedded Kafka cluster (<see cref="EmbeddedBroker"/>) as a process, until Ctrl+C.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        IReadOnlyList<SettingFlag> flags =
        [
            SettingFlag.For<int>("--brokers", "Broker:Brokers", "Brokers in the cluster (default 3)"),
            SettingFlag.For<int>("--partitions", "Topics:Partitions", "Partitions of each pipeline topic (default 6)"),
            SettingFlag.For<string>("--application-id", "Streams:ApplicationId",
                "The replicas' application id, whose internal topics are made too (default pulse-vitals); 'pulse run' must use the same"),
            SettingFlag.For<string>("--bootstrap-file", "Broker:BootstrapFile", "Write the bootstrap servers to this file once the topics exist (deleted on stop)"),
            .. ObservabilityFlags.Telemetry(),
        ];
        var command = new Command("broker",
            "Runs an embedded Kafka cluster (librdkafka's mock brokers) as a local process until Ctrl+C, with every pipeline topic created, " +
            "and prints its bootstrap servers so run, sink, simulate and alerts can use it from other terminals. For trying Pulse out: " +
            "no log compaction, at most 5 MiB per partition, nothing kept after it stops.");
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction(async (parse, _) =>
        {
            var builder = CommandHost.CreateBuilder(parse, flags);
            builder.Services.AddPulseTelemetry(builder.Configuration, "pulse-broker");
            builder.Services.AddPulseBroker(builder.Configuration);
            var host = builder.Build();
            return await CommandHost.RunAsync(parse, host, flags, _ => null).ConfigureAwait(false);
        });
        return command;
    }
}
