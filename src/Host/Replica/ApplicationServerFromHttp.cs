using Microsoft.Extensions.Hosting;
using Pulse.Host.Observability;
using Pulse.Streams;

namespace Pulse.Host.Replica;

/// <summary>
/// Gives the replica's streams its HTTP listener's address as <see cref="StreamsConfig.ApplicationServer"/>
/// (unless <c>Streams:ApplicationServer</c> set one), so the other replicas can send it interactive
/// queries. Starts after the listener has bound its port and before the streams start.
/// </summary>
internal sealed class ApplicationServerFromHttp(HttpEndpoint? http, StreamsConfig config) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (config.ApplicationServer is null && http?.Address is { } address)
        {
            var host = address.Host is "0.0.0.0" or "[::]" ? Environment.MachineName : address.Host;
            config.ApplicationServer = $"{host}:{address.Port}";
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
