using Microsoft.AspNetCore.Routing;

namespace Pulse.Host.Observability;

/// <summary>
/// Routes a command adds to its <see cref="HttpEndpoint"/> beside <c>/healthz</c>, <c>/readyz</c> and
/// <c>/metrics</c>: register with <c>services.AddSingleton&lt;IHttpRoutes, MyRoutes&gt;()</c>.
/// </summary>
internal interface IHttpRoutes
{
    /// <summary>The paths it serves, for the log line (<c>/state/patients/{id}</c>).</summary>
    string Paths { get; }

    void Map(IEndpointRouteBuilder routes);
}
