using System.Globalization;
using System.Text;

namespace Pulse.Host.Demo.Internal;

/// <summary>
/// What has gone through the pipeline at one moment: readings the simulator had acknowledged,
/// records on each topic (their end offsets, summed over partitions), and rows in each table.
/// A count that could not be read is -1 (printed as <c>?</c>).
/// </summary>
internal sealed record PipelineCounts(
    long Published,
    long RowsRejected,
    long Enriched,
    long Invalid,
    long Stats,
    long Notify,
    long Dispatch,
    long Orders,
    TableCounts Rows)
{
    /// <summary>What went through Kafka: <c>published 1,250 | enriched 1,231, invalid 19, stats 40, notify 12, dispatch 3, orders 3</c>.</summary>
    public string FlowLine()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"published {N(Published)}");
        if (RowsRejected > 0) text.Append(CultureInfo.InvariantCulture, $" ({N(RowsRejected)} CSV rows rejected)");
        return text
            .Append(CultureInfo.InvariantCulture, $" | enriched {N(Enriched)}, invalid {N(Invalid)}, stats {N(Stats)}, notify {N(Notify)}, dispatch {N(Dispatch)}, orders {N(Orders)}")
            .ToString();
    }

    internal static string N(long value) => value < 0 ? "?" : value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>Rows in each table the sink writes; -1 when it could not be read.</summary>
internal sealed record TableCounts(long Readings, long InvalidReadings, long VitalStats, long Alerts, long DailyPatientStats, long DispatchOrders)
{
    public static TableCounts Unknown { get; } = new(-1, -1, -1, -1, -1, -1);

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"rows: readings {PipelineCounts.N(Readings)}, invalid_readings {PipelineCounts.N(InvalidReadings)}, vital_stats_1m {PipelineCounts.N(VitalStats)}, " +
        $"alerts {PipelineCounts.N(Alerts)}, dispatch_orders {PipelineCounts.N(DispatchOrders)}, daily_patient_stats {PipelineCounts.N(DailyPatientStats)}");
}
