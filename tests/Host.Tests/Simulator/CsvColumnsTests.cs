using Pulse.Host.Simulator.Internal.Csv;

namespace Pulse.Host.Tests.Simulator;

public class CsvColumnsTests
{
    [Fact]
    public void HeaderWithoutPatientId_IsRefused_ListingWhatItHas()
    {
        var e = Assert.Throws<CsvHeaderException>(() => CsvColumns.FromHeader(["timestamp", "heart_rate"]));
        Assert.Equal("the header has no patient_id column (it has: timestamp, heart_rate).", e.Message);
    }

    [Fact]
    public void TwoColumnsForOneField_AreRefused_NamingBoth()
    {
        var e = Assert.Throws<CsvHeaderException>(() => CsvColumns.FromHeader(["patient_id", "systolic", "Systolic_BP"]));
        Assert.Equal("columns 2 ('systolic') and 3 ('Systolic_BP') are both systolic_bp; keep one.", e.Message);
    }

    [Fact]
    public void OtherColumns_AreIgnoredAndListed()
    {
        var columns = CsvColumns.FromHeader(["notes", "patient_id", " ward "]);
        Assert.Equal(["notes", "ward"], columns.Ignored);
        Assert.Equal(1, columns.IndexOf(CsvField.PatientId));
        Assert.Equal(-1, columns.IndexOf(CsvField.Timestamp));
        Assert.Equal([CsvField.PatientId], columns.Fields);
    }

    [Fact]
    public void EmptyFile_HasNoPatientIdColumn()
    {
        var e = Assert.Throws<CsvHeaderException>(() => CsvReadingSource.FromText("", TimeProvider.System));
        Assert.Contains("no patient_id column (it has: nothing)", e.Message, StringComparison.Ordinal);
    }
}
