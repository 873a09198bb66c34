using pulse.vitals;
using Pulse.Streams.Serdes;

namespace Pulse.Topology;

/// <summary>The value serdes of the vitals topics (keys are patient ids, plain strings).</summary>
public sealed record VitalsSerdes(
    Serde<VitalReading> Reading,
    Serde<EnrichedReading> Enriched,
    Serde<VitalStats> Stats,
    Serde<Alert> Alert);
