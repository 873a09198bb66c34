using pulse.vitals;

namespace Pulse.Host.Simulator.Internal;

/// <summary>Where the simulator's readings come from: generated patients or a CSV file.</summary>
internal interface IReadingSource : IDisposable
{
    /// <summary>One line for the start-up log: what is simulated or replayed.</summary>
    string Description { get; }

    /// <summary>How far through the source the items taken so far are, 0 to 1; null when it has no end.</summary>
    double? Progress { get; }

    /// <summary>The readings in publishing order, and the rows that could not be read, in file order; produced as they are taken.</summary>
    IEnumerable<SourceItem> Items();
}

/// <summary>A reading to publish, or a row that could not be read into one.</summary>
internal readonly record struct SourceItem(VitalReading? Reading, RejectedRow? Rejected)
{
    public static SourceItem Of(VitalReading reading) => new(reading, null);

    public static SourceItem Of(RejectedRow rejected) => new(null, rejected);
}

/// <summary>A CSV row that could not be read: its line number (1 is the header) and every problem, each naming the column and value.</summary>
internal sealed record RejectedRow(long Line, IReadOnlyList<string> Problems)
{
    public override string ToString() => $"line {Line}: {string.Join("; ", Problems)}";
}
