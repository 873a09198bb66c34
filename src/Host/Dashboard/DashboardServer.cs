using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Host.Observability;

namespace Pulse.Host.Dashboard;

/// <summary>
/// The dashboard's web server (Kestrel) at <see cref="DashboardOptions.Urls"/>: the pages bundled into
/// <c>wwwroot/</c> next to the executable (web/dashboard, built with the project) and <see cref="DashboardApi"/>.
/// A web application of its own inside the command's host, as <see cref="HttpEndpoint"/> is.
/// </summary>
internal sealed partial class DashboardServer(IServiceProvider services, IOptions<DashboardOptions> options, ILogger<DashboardServer> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>Where the pages are: <c>wwwroot/</c> beside the executable.</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    private WebApplication? _app;

    /// <summary>The address it listens on once started (<c>http://127.0.0.1:8080/</c>).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = HttpEndpointOptionsValidator.TryParse(options.Value.Urls) ?? throw new InvalidOperationException("Dashboard:Urls was not validated.");
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
            throw new InvalidOperationException($"The dashboard's pages are missing from {WebRoot}: build pulse with Node.js installed (web/dashboard).");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "pulse", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        var app = builder.Build();
        app.Use(SecurityHeaders);
        var pages = new PhysicalFileProvider(WebRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = pages,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.UseRouting();
        DashboardApi.Map(app, services);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Dashboard:Urls: cannot listen on {endpoint} ({e.Message}); give another with --urls.", e);
        }
        _app = app;
        Address = new Uri(app.Urls.First().TrimEnd('/') + "/");
        LogListening(logger, Address.ToString());
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

    /// <summary>Pages only from here (no other site's scripts, no framing), no content sniffing, no referrer.</summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard on {Address}")]
    private static partial void LogListening(ILogger logger, string address);
}
