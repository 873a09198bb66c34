namespace Pulse.Host.Sink.Internal;

/// <summary>A failure no retry or isolation can get past; the sink stops (nothing of the batch is committed).</summary>
internal sealed class SinkFatalException(string message, Exception? innerException = null) : Exception(message, innerException);
