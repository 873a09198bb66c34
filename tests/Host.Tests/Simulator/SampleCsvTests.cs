using Pulse.Host.Simulator.Internal.Csv;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Simulator;

/// <summary>samples/vitals-sample.csv, which the README and the demo's --csv mode use, says what it promises.</summary>
public class SampleCsvTests
{
    [Fact]
    public void Sample_ReadsWithoutRejections_WithVariedSpellings()
    {
        using var source = CsvReadingSource.Open(Samples.VitalsCsvPath(), TimeProvider.System);
        var items = source.Items().ToList();

        Assert.DoesNotContain(items, i => i.Rejected is not null);
        Assert.Empty(source.Columns.Ignored);
        Assert.Equal(14, source.Columns.Count);
        var header = File.ReadLines(Samples.VitalsCsvPath()).First();
        Assert.Contains("Systolic", header, StringComparison.Ordinal);       // the alias
        Assert.Contains("DIASTOLIC", header, StringComparison.Ordinal);      // the alias, in capitals
        Assert.Contains("Patient_ID", header, StringComparison.Ordinal);     // mixed case
    }

    [Fact]
    public void Sample_HasAFewPatientsOverSomeMinutes_OneDeterioratingAndOneInvalidReading()
    {
        using var source = CsvReadingSource.Open(Samples.VitalsCsvPath(), TimeProvider.System);
        var readings = source.Items().Select(i => i.Reading!).ToList();

        var patients = readings.GroupBy(r => r.patient_id).ToList();
        Assert.Equal(4, patients.Count);
        Assert.True(readings.Max(r => r.timestamp) - readings.Min(r => r.timestamp) >= TimeSpan.FromMinutes(10));
        var invalid = Assert.Single(readings, r => !News2.IsValid(r));
        Assert.Equal(0, invalid.spo2);
        var peaks = readings.Where(News2.IsValid).GroupBy(r => r.patient_id).ToDictionary(g => g.Key, g => g.Max(News2.Score));
        Assert.Equal(["P-0004"], peaks.Where(p => p.Value >= 7).Select(p => p.Key));
        Assert.All(peaks.Where(p => p.Key != "P-0004"), p => Assert.Equal(0, p.Value));
        Assert.Contains(readings, r => r.temperature is null);
        Assert.Contains(readings, r => r.glucose is not null);
    }
}
