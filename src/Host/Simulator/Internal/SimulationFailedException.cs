namespace Pulse.Host.Simulator.Internal;

/// <summary>A run that finished but did not publish everything it should have: rejected CSV rows, undelivered readings. The message says what and where.</summary>
internal sealed class SimulationFailedException : Exception
{
    public SimulationFailedException(string message)
        : base(message)
    {
    }

    public SimulationFailedException()
    {
    }

    public SimulationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
