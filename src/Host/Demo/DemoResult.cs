namespace Pulse.Host.Demo;

/// <summary>A demo run that ended once everything the simulator published was in PostgreSQL.</summary>
/// <param name="Published">Readings the brokers acknowledged.</param>
/// <param name="Elapsed">From the simulator's start (its first publish) to the moment the pipeline was seen caught up.</param>
public sealed record DemoResult(long Published, TimeSpan Elapsed)
{
    /// <summary>Readings per second through the whole pipeline.</summary>
    public double ReadingsPerSecond => Elapsed > TimeSpan.Zero ? Published / Elapsed.TotalSeconds : 0;
}
