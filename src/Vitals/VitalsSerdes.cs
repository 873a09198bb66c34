using Confluent.SchemaRegistry;
using pulse.vitals;
using Pulse.Schemas;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals;

/// <summary>The value serdes of the vitals topics (keys are patient ids, plain strings).</summary>
public sealed record VitalsSerdes(
    Serde<VitalReading> Reading,
    Serde<EnrichedReading> Enriched,
    Serde<VitalStats> Stats,
    Serde<Alert> Alert,
    Serde<AlertAck> Ack,
    Serde<VehiclePosition> Vehicle,
    Serde<DispatchOrder> Order)
{
    /// <summary>
    /// Avro in Confluent's wire format against <paramref name="registry"/> (schemas registered
    /// under <c>&lt;topic&gt;-value</c> on first use): <see cref="AvroSerdes"/> for every value type.
    /// </summary>
    public static VitalsSerdes Create(ISchemaRegistryClient registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new VitalsSerdes(Avro<VitalReading>(registry), Avro<EnrichedReading>(registry), Avro<VitalStats>(registry), Avro<Alert>(registry),
            Avro<AlertAck>(registry), Avro<VehiclePosition>(registry), Avro<DispatchOrder>(registry));
    }

    private static Serde<T> Avro<T>(ISchemaRegistryClient registry) where T : Avro.Specific.ISpecificRecord =>
        new(AvroSerdes.Serializer<T>(registry), AvroSerdes.Deserializer<T>(registry));
}
