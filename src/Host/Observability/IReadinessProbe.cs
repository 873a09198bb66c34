namespace Pulse.Host.Observability;

/// <summary>
/// One thing <c>/readyz</c> asks: register implementations with
/// <c>services.AddSingleton&lt;IReadinessProbe, MyProbe&gt;()</c>. The process is ready when every probe
/// says so (and when none is registered). Probes are asked on each request, from any thread: keep
/// them quick (read a state, not call a server) or cache their last answer.
/// </summary>
public interface IReadinessProbe
{
    /// <summary>A short name shown in <c>/readyz</c>'s body, e.g. <c>streams</c> or <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>Whether this part is ready, and a word on why.</summary>
    ValueTask<Readiness> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>A <see cref="IReadinessProbe"/>'s answer.</summary>
/// <param name="IsReady">True when this part can do its work.</param>
/// <param name="Detail">What it is doing, for people reading <c>/readyz</c> (never a secret).</param>
public readonly record struct Readiness(bool IsReady, string Detail)
{
    /// <summary>Ready, with <paramref name="detail"/>.</summary>
    public static Readiness Ready(string detail) => new(true, detail);

    /// <summary>Not ready, with <paramref name="detail"/>.</summary>
    public static Readiness NotReady(string detail) => new(false, detail);
}
