namespace Pulse.Host.Demo.Internal;

/// <summary>Why a demo run failed: a part stopped by itself, or the pipeline did not catch up in time. The message reads after "pulse demo failed: ".</summary>
internal sealed class DemoFailedException : Exception
{
    public DemoFailedException()
    {
    }

    public DemoFailedException(string message) : base(message)
    {
    }

    public DemoFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
