namespace Pulse.Streams.Errors;

/// <summary>The base of Pulse's exceptions: something went wrong in a topology or its runtime.</summary>
public class StreamsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamsException() { }

    /// <summary>Creates the exception with a message.</summary>
    public StreamsException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StreamsException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A topology is not valid: a missing parent, a duplicate name, an unknown store.</summary>
public class TopologyException : StreamsException
{
    /// <summary>Creates the exception.</summary>
    public TopologyException() { }

    /// <summary>Creates the exception with a message.</summary>
    public TopologyException(string message) : base("Invalid topology: " + message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TopologyException(string message, Exception innerException) : base("Invalid topology: " + message, innerException) { }
}

/// <summary>A state store failed: it could not open, read, write or restore.</summary>
public class ProcessorStateException : StreamsException
{
    /// <summary>Creates the exception.</summary>
    public ProcessorStateException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ProcessorStateException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProcessorStateException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A configuration value is missing or wrong; the message names the setting.</summary>
public class StreamsConfigException : StreamsException
{
    /// <summary>Creates the exception.</summary>
    public StreamsConfigException() { }

    /// <summary>Creates the exception with a message.</summary>
    public StreamsConfigException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StreamsConfigException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// A store cannot be queried right now: its task is moving in a rebalance, closed, or still
/// restoring, or the instance is not running. Transient: retry (after rediscovering, with
/// <c>KafkaStreams.QueryMetadataForKeyAsync</c>, which instance now holds the key).
/// </summary>
public class InvalidStateStoreException : StreamsException
{
    /// <summary>Creates the exception.</summary>
    public InvalidStateStoreException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidStateStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InvalidStateStoreException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Always true: the same query may succeed once the store has settled.</summary>
    public bool IsTransient => true;
}

/// <summary>The topology has no state store of the requested name (not transient: retrying cannot help).</summary>
public class UnknownStateStoreException : StreamsException
{
    /// <summary>Creates the exception.</summary>
    public UnknownStateStoreException() { }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownStateStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnknownStateStoreException(string message, Exception innerException) : base(message, innerException) { }
}
