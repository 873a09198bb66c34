using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Pulse.Host.Observability;

/// <summary>
/// The process's small web server (Kestrel): <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> on
/// <see cref="HttpEndpointOptions.Address"/>. A web application of its own inside the command's host,
/// sharing the host's logger factory, meter provider and readiness probes, so commands keep their
/// plain generic host and only those that serve HTTP pay for it.
/// </summary>
internal sealed partial class HttpEndpoint(IServiceProvider services, int defaultPort) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Pulse.Host.Http");
    private WebApplication? _app;

    /// <summary>Where the listener listens once started (<c>http://127.0.0.1:9464</c>), or null when it is off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = services.GetRequiredService<IOptions<HttpEndpointOptions>>().Value.Address;
        if (string.Equals(configured?.Trim(), HttpEndpointOptions.None, StringComparison.OrdinalIgnoreCase))
        {
            LogOff(_logger);
            return;
        }
        var endpoint = configured is null
            ? new IPEndPoint(IPAddress.Loopback, defaultPort)
            : HttpEndpointOptionsValidator.TryParse(configured) ?? throw new InvalidOperationException("Http:Address was not validated.");
        try
        {
            _app = await StartAtAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (configured is null && endpoint.Port != 0 && IsAddressInUse(e))
        {
            LogDefaultTaken(_logger, endpoint.Port);
            _app = await StartAtAsync(new IPEndPoint(endpoint.Address, 0), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException || IsAddressInUse(e))
        {
            throw new InvalidOperationException($"Http:Address: cannot listen on {endpoint} ({e.Message}); give another with --http or PULSE__Http__Address, or 'none'.", e);
        }
        var bound = _app.Urls.First();
        Address = new Uri(bound);
        var extra = string.Concat(services.GetServices<IHttpRoutes>().Select(r => " " + r.Paths));
        LogListening(_logger, bound, extra);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    /// <summary>Kestrel reports a taken port as an IOException around an AddressInUseException.</summary>
    private static bool IsAddressInUse(Exception e) =>
        e is Microsoft.AspNetCore.Connections.AddressInUseException || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException;

    private async Task<WebApplication> StartAtAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "pulse", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(services.GetRequiredService<ILoggerFactory>()); // the host's: same format, same filters
        var app = builder.Build();
        var probes = services.GetServices<IReadinessProbe>().ToList();
        app.MapGet("/healthz", context => Text(context, StatusCodes.Status200OK, "alive\n"));
        app.MapGet("/readyz", context => ReadyAsync(context, probes));
        if (services.GetService<MeterProvider>() is { } meterProvider)
            app.MapPrometheusScrapingEndpoint("/metrics", meterProvider, configureBranchedPipeline: null, optionsName: null);
        foreach (var routes in services.GetServices<IHttpRoutes>()) routes.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>200 when every probe is ready (or there is none), else 503; one line per probe either way.</summary>
    private static async Task ReadyAsync(HttpContext context, IReadOnlyList<IReadinessProbe> probes)
    {
        var body = new StringBuilder();
        var ready = true;
        foreach (var probe in probes)
        {
            Readiness answer;
            try
            {
                answer = await probe.CheckAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answer = Readiness.NotReady($"probe failed: {e.GetType().Name}");
            }
            ready &= answer.IsReady;
            body.Append(probe.Name).Append(": ").Append(answer.IsReady ? "ready" : "not ready").Append(" (").Append(answer.Detail).Append(")\n");
        }
        if (probes.Count == 0) body.Append("ready\n");
        await Text(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body.ToString()).ConfigureAwait(false);
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP on {Address}: /healthz /readyz /metrics{Routes}")]
    private static partial void LogListening(ILogger logger, string address, string routes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP port {Port} (the default) is taken, by another replica perhaps; listening on a free port instead (set --http to choose)")]
    private static partial void LogDefaultTaken(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP listener off (Http:Address is 'none')")]
    private static partial void LogOff(ILogger logger);
}
