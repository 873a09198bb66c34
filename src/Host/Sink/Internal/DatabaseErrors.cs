using System.Net.Sockets;
using Npgsql;

namespace Pulse.Host.Sink.Internal;

/// <summary>What a failed database write means for the batch.</summary>
internal enum FailureKind
{
    /// <summary>The database is unreachable or busy (Npgsql's <c>IsTransient</c>, connection and shutdown errors): send the same batch again later.</summary>
    Transient,

    /// <summary>The database refused some row's data for good (SQLSTATE classes 22 and 23, or a value Npgsql cannot encode): isolate the row.</summary>
    RowRejected,

    /// <summary>Anything else (missing table, bad password, a bug): no retry helps; stop.</summary>
    Fatal,
}

/// <summary>Classifies exceptions from <see cref="BatchWriter"/> and the offset reads.</summary>
internal static class DatabaseErrors
{
    public static FailureKind Classify(Exception exception) => exception switch
    {
        PostgresException pg when pg.SqlState.StartsWith("22", StringComparison.Ordinal)
                                || pg.SqlState.StartsWith("23", StringComparison.Ordinal) => FailureKind.RowRejected,
        PostgresException pg when pg.IsTransient
                                || pg.SqlState.StartsWith("08", StringComparison.Ordinal)   // connection exception
                                || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)  // admin/crash shutdown, cannot connect now
                                || pg.SqlState.StartsWith("53", StringComparison.Ordinal)   // insufficient resources
                                || pg.SqlState.StartsWith("40", StringComparison.Ordinal) => FailureKind.Transient, // serialization, deadlock
        PostgresException => FailureKind.Fatal,
        // Not from the server: the connection broke, timed out or was refused.
        NpgsqlException => FailureKind.Transient,
        TimeoutException or IOException or SocketException => FailureKind.Transient,
        // Thrown while encoding a row's value for COPY.
        InvalidCastException or OverflowException or FormatException or ArgumentException => FailureKind.RowRejected,
        _ => FailureKind.Fatal,
    };

    public static bool IsTransient(Exception exception) => Classify(exception) == FailureKind.Transient;

    /// <summary>A one-line reason without secrets or row values: type, SQLSTATE and the server's message text.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        _ when exception.InnerException is { } inner and (SocketException or IOException or TimeoutException) =>
            $"{exception.GetType().Name}: {FirstLine(exception.Message)} ({inner.GetType().Name}: {FirstLine(inner.Message)})",
        _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
    };

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
