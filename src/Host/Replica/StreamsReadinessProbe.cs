using Pulse.Host.Observability;
using Pulse.Streams;

namespace Pulse.Host.Replica;

/// <summary><c>/readyz</c> for <c>pulse run</c>: ready while the streams are <see cref="KafkaStreamsState.Running"/>.</summary>
internal sealed class StreamsReadinessProbe(KafkaStreams streams) : IReadinessProbe
{
    public string Name => "streams";

    public ValueTask<Readiness> CheckAsync(CancellationToken cancellationToken)
    {
        var state = streams.State;
        var detail = state.ToString().ToUpperInvariant();
        return ValueTask.FromResult(state == KafkaStreamsState.Running ? Readiness.Ready(detail) : Readiness.NotReady(detail));
    }
}
