using Npgsql;
using Pulse.Host.Observability;

namespace Pulse.Host.Sink;

/// <summary>
/// <c>/readyz</c> of <c>pulse sink</c>: ready while the sink consumes and PostgreSQL answers a
/// <c>SELECT 1</c> within two seconds; not ready while it starts, waits out an outage, or has stopped.
/// </summary>
internal sealed class SinkReadinessProbe(PostgresSink sink, NpgsqlDataSource dataSource) : IReadinessProbe
{
    public string Name => "sink";

    public async ValueTask<Readiness> CheckAsync(CancellationToken cancellationToken)
    {
        if (sink.Fault is { } fault) return Readiness.NotReady("stopped: " + fault.Message);
        if (!sink.IsConsuming) return Readiness.NotReady("starting");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return Readiness.Ready("consuming; PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Readiness.NotReady("PostgreSQL does not answer: " + e.Message);
        }
    }
}
