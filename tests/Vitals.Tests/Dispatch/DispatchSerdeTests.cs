using System.Text;
using Confluent.Kafka;
using pulse.vitals;
using Pulse.Vitals.Dispatch;

namespace Pulse.Vitals.Tests.Dispatch;

/// <summary>The dispatch stage's own binary forms: its internal topics' records and its stores' values.</summary>
public class DispatchSerdeTests
{
    [Theory]
    [InlineData(51.5, -0.12, false)]
    [InlineData(null, null, true)]
    public void Call_RoundTripsThroughTheInternalTopicSerde(double? latitude, double? longitude, bool resolved)
    {
        var input = new DispatchInput { Call = new("P-é:CLINICAL:42", "P-é", resolved, latitude, longitude, "Patient P-é: NEWS2 9 " + new string('x', 200)) };

        var back = RoundTrip(input);

        Assert.Equal(input.Call, back.Call);
        Assert.Null(back.Vehicle);
    }

    [Fact]
    public void VehicleReport_RoundTripsThroughTheInternalTopicSerde()
    {
        var input = new DispatchInput { Vehicle = new("V-00042", -33.86, 151.21, 1_765_000_000_000, VehicleStatus.ON_SCENE) };

        var back = RoundTrip(input);

        Assert.Equal(input.Vehicle, back.Vehicle);
        Assert.Null(back.Call);
    }

    [Fact]
    public void InternalTopicRecord_OfAnotherVersion_IsRefusedByName()
    {
        var error = Assert.Throws<FormatException>(() => DispatchInputSerde.Instance.Deserialize(new byte[] { 9, 1 }, false, default));

        Assert.Contains("dispatch input encoding 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredOrder_WrittenInBinaryWriterLayout_StillReads()
    {
        // Version 1 of the order state was written with BinaryWriter: state restored from such a changelog must read alike.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write("P-1:CLINICAL:0");
            writer.Write("P-1");
            writer.Write(51.5);
            writer.Write(-0.12);
            writer.Write(1_765_000_000_000L);
            writer.Write("Patient P-1: NEWS2 9");
            writer.Write((byte)DispatchStatus.ASSIGNED);
            writer.Write("V-7");
            writer.Write(2);
        }

        var request = ((IDeserializer<DispatchRequest>)DispatchStateSerde.Instance).Deserialize(stream.ToArray(), false, default);

        Assert.Equal(("P-1:CLINICAL:0", "P-1", 51.5, -0.12, 1_765_000_000_000L, "Patient P-1: NEWS2 9", DispatchStatus.ASSIGNED, "V-7", 2),
            (request.EpisodeId, request.PatientId, request.Latitude, request.Longitude, request.RequestedAt, request.Message, request.Status, request.VehicleId, request.Sequence));
        Assert.Equal(stream.ToArray(), DispatchStateSerde.Instance.Serialize(request, default));
    }

    private static DispatchInput RoundTrip(DispatchInput input) =>
        DispatchInputSerde.Instance.Deserialize(DispatchInputSerde.Instance.Serialize(input, default), false, default);
}
