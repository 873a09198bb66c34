namespace Pulse.Host.Simulator.Internal;

/// <summary>Where readings come from.</summary>
internal enum SimulationMode
{
    /// <summary>Generated patients (<see cref="Patients.RandomReadingSource"/>).</summary>
    Random,

    /// <summary>A CSV file replayed in file order (<see cref="Csv.CsvReadingSource"/>).</summary>
    Csv,
}

/// <summary>Which generated patients deteriorate.</summary>
internal enum Scenario
{
    /// <summary>Nobody: every reading stays in NEWS2's 0-score bands (device artefacts aside).</summary>
    Normal,

    /// <summary>Everybody, into a sepsis-like or a hypoxic pattern.</summary>
    Deteriorating,

    /// <summary>A share of the patients (<see cref="SimulatorOptions.DeterioratingShare"/>), at least one.</summary>
    Mixed,
}
