using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Pulse.Schemas;
using pulse.vitals;
using Pulse.Vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary>Which table each subscribed topic fills, and the mapping of a consumed record to a <see cref="SinkRecord"/>.</summary>
internal sealed class TableRouter
{
    private readonly Dictionary<string, SinkTable> _byTopic;

    /// <param name="topics">The topics and so the tables.</param>
    /// <param name="registry">Where the Avro schemas are.</param>
    /// <param name="time">The clock of rows with no timestamp.</param>
    /// <param name="clusterId">The Kafka cluster read, which positions in <c>invalid_readings</c> carry; '' when unknown.</param>
    public TableRouter(VitalsTopics topics, ISchemaRegistryClient registry, TimeProvider time, string clusterId = "")
    {
        var alerts = new AlertsTable(AvroSerdes.Deserializer<Alert>(registry));
        Tables =
        [
            new ReadingsTable(AvroSerdes.Deserializer<EnrichedReading>(registry)),
            new VitalStatsTable(AvroSerdes.Deserializer<VitalStats>(registry)),
            alerts,
            new InvalidReadingsTable(AvroSerdes.Deserializer<VitalReading>(registry), time, clusterId),
            new DispatchOrdersTable(AvroSerdes.Deserializer<DispatchOrder>(registry)),
        ];
        _byTopic = new Dictionary<string, SinkTable>(StringComparer.Ordinal)
        {
            [topics.Enriched] = Tables[0],
            [topics.Stats] = Tables[1],
            [topics.Notify] = alerts,
            [topics.Dispatch] = alerts,
            [topics.Invalid] = Tables[3],
            [topics.DispatchOrders] = Tables[4],
        };
    }

    /// <summary>Every table, in the order a batch writes them.</summary>
    public IReadOnlyList<SinkTable> Tables { get; }

    /// <summary>The topics routed, for the subscription.</summary>
    public IEnumerable<string> Topics => _byTopic.Keys;

    /// <summary>The record with its row; a value that does not read becomes a record with an error, not an exception.</summary>
    public SinkRecord Map(ConsumeResult<byte[], byte[]> record)
    {
        if (!_byTopic.TryGetValue(record.Topic, out var table))
            return new SinkRecord(record, null, null, new InvalidOperationException($"No table for topic '{record.Topic}'."));
        try
        {
            return new SinkRecord(record, table, table.Map(record), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new SinkRecord(record, table, null, e);
        }
    }
}
