namespace Pulse.Host.Observability;

/// <summary>
/// The process's HTTP listener for <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> (Prometheus):
/// configuration section <see cref="Section"/> (<c>--http</c>, <c>PULSE__Http__Address</c>). Validated at start-up.
/// </summary>
public sealed class HttpEndpointOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Http";

    /// <summary>The value of <see cref="Address"/> that turns the listener off.</summary>
    public const string None = "none";

    /// <summary>
    /// <c>http://host:port</c> to listen on (port 0: any free port, logged), or <c>none</c>. When unset,
    /// the command's default, <c>http://127.0.0.1:&lt;its port&gt;</c> (9464 for <c>pulse run</c>, 9465 for
    /// <c>pulse sink</c>); should that port be taken (a second replica on one machine), a free one is used and logged.
    /// </summary>
    public string? Address { get; set; }
}
