using Confluent.SchemaRegistry;
using pulse.vitals;
using Pulse.Vitals;

namespace Pulse.Host.Init;

/// <summary>
/// The registry subjects of the pipeline's Avro topics (Confluent's topic-name strategy: <c>&lt;topic&gt;-value</c>) and the
/// record each carries. The dead-letter topics carry the original bytes and have no subject; the internal topics
/// are the replicas' own.
/// </summary>
internal static class SchemaSubjects
{
    /// <summary>The compatibility every subject is given: a new schema must read what the previous one wrote.</summary>
    public const Compatibility Level = Compatibility.Backward;

    /// <summary>Each Avro topic's subject and the record schema registered under it, in topic order.</summary>
    public static IReadOnlyList<(string Subject, Avro.Schema Record)> For(VitalsTopics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return
        [
            (Value(topics.Raw), VitalReading._SCHEMA),
            (Value(topics.Enriched), EnrichedReading._SCHEMA),
            (Value(topics.Stats), VitalStats._SCHEMA),
            (Value(topics.Notify), Alert._SCHEMA),
            (Value(topics.Dispatch), Alert._SCHEMA),
            (Value(topics.Acks), AlertAck._SCHEMA),
            (Value(topics.VehiclePositions), VehiclePosition._SCHEMA),
            (Value(topics.DispatchOrders), DispatchOrder._SCHEMA),
        ];
    }

    /// <summary><paramref name="record"/> as the registry gets it, in the text the serializers register (so the ids agree).</summary>
    public static Schema Schema(Avro.Schema record) => new(record.ToString(), [], SchemaType.Avro);

    private static string Value(string topic) => topic + "-value";
}
