using Confluent.Kafka;
using pulse.vitals;
using Pulse.Streams.Processor;
using Pulse.Vitals.Clinical;

namespace Pulse.Vitals.Internal;

/// <summary>
/// Deserializes each raw value and validates it (<see cref="ReadingValidator"/>). A valid reading
/// goes on with the reading's own timestamp as event time; anything else goes on as the original
/// bytes, at the original timestamp, with its reasons: bytes that do not deserialize and a missing
/// value are reasons like any other, never exceptions that stop the task.
/// </summary>
internal sealed class ReadingValidationProcessor(IDeserializer<VitalReading> deserializer, ValidityOptions limits, string rawTopic)
    : IFixedKeyProcessor<string, byte[], CheckedReading>
{
    private IFixedKeyProcessorContext<string, CheckedReading> _context = null!;

    public void Init(IFixedKeyProcessorContext<string, CheckedReading> context) => _context = context;

    public void Process(FixedKeyRecord<string, byte[]> record)
    {
        var raw = record.Value;
        if (raw is null)
        {
            Reject(record, [new InvalidReason(InvalidReasonCodes.MissingValue, "the record has no value")], null);
            return;
        }
        VitalReading reading;
        try
        {
            var context = new SerializationContext(MessageComponentType.Value, rawTopic, record.Headers);
            reading = deserializer.Deserialize(raw, false, context);
        }
#pragma warning disable CA1031 // any failure of the deserializer means the bytes are not a reading: dead-letter them
        catch (Exception e)
#pragma warning restore CA1031
        {
            Reject(record, [new InvalidReason(InvalidReasonCodes.Undeserializable, $"{e.GetType().Name}: {e.Message}")], e);
            return;
        }
        if (reading is null)
        {
            Reject(record, [new InvalidReason(InvalidReasonCodes.Undeserializable, "the deserializer returned no reading")], null);
            return;
        }
        if (ReadingValidator.Validate(record.Key, reading, limits, _context.CurrentSystemTimeMs) is { } reasons)
        {
            Reject(record, reasons, null);
            return;
        }
        _context.Forward(new FixedKeyRecord<string, CheckedReading>(record.Key, CheckedReading.Valid(reading),
            Timestamps.ToMs(reading.timestamp), record.Headers));
    }

    private void Reject(FixedKeyRecord<string, byte[]> record, List<InvalidReason> reasons, Exception? error) =>
        _context.Forward(record.WithValue(CheckedReading.Invalid(record.Value, reasons, error)));
}
