using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Host.Configuration;
using Pulse.Host.Simulator.Internal.Csv;

using Pulse.Vitals;

namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// A run of the simulator, typed and checked: built once from <see cref="SimulatorOptions"/> and
/// <see cref="VitalsTopics"/> by <see cref="TryCreate"/>, which names every bad setting.
/// </summary>
internal sealed record SimulationPlan
{
    /// <summary>Each patient's readings are at least this far apart, so (patient, timestamp) stays unique at millisecond precision.</summary>
    public const double MaxRatePerPatient = 1000;

    public required SimulationMode Mode { get; init; }

    public required string Topic { get; init; }

    /// <summary>Readings per second in total; null: as fast as possible (csv mode only).</summary>
    public double? Rate { get; init; }

    public TimeSpan? Duration { get; init; }

    public string? CsvPath { get; init; }

    /// <summary>How many patients (random mode).</summary>
    public int Patients => PatientIds.Count;

    /// <summary>The patients' ids, in order (random mode): given, or <c>P-0001</c>… for a count.</summary>
    public IReadOnlyList<string> PatientIds { get; init; } = [];

    public Scenario Scenario { get; init; }

    public double DeterioratingShare { get; init; }

    public TimeSpan Deterioration { get; init; }

    public int Seed { get; init; }

    /// <summary>Whether <see cref="Seed"/> was given (otherwise it was drawn, and is logged).</summary>
    public bool SeedGiven { get; init; }

    /// <summary>The first generated reading's timestamp; null: the time the run starts.</summary>
    public DateTimeOffset? Start { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }

    public double RadiusKm { get; init; }

    public double ArtefactRate { get; init; }

    public double MissingRate { get; init; }

    public TimeSpan ReportEvery { get; init; }

    /// <summary>How many readings a paced run with a duration publishes (duration × rate, rounded up); null otherwise.</summary>
    public long? ReadingLimit => Rate is { } rate && Duration is { } duration ? (long)Math.Ceiling(duration.TotalSeconds * rate - 1e-9) : null;

    /// <summary>When an unpaced run stops by the clock; null when paced or unbounded.</summary>
    public TimeSpan? WallClockLimit => Rate is null ? Duration : null;

    /// <summary>The plan <paramref name="options"/> describe, or null with every problem in <paramref name="result"/>, each naming its setting.</summary>
    public static SimulationPlan? TryCreate(SimulatorOptions options, VitalsTopics topics, out ValidateOptionsResult result)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        var errors = new SettingErrors();

        var mode = ParseMode(options, errors);
        var scenario = options.Scenario?.Trim().ToLowerInvariant() switch
        {
            "normal" => Scenario.Normal,
            "deteriorating" => Scenario.Deteriorating,
            "mixed" => Scenario.Mixed,
            _ => Invalid(errors, "Simulator:Scenario", $"must be normal, deteriorating or mixed (got '{options.Scenario}').", Scenario.Mixed),
        };
        var patients = PatientIdsOf(options, errors);

        double? rate = null;
        if (double.IsNaN(options.Rate) || options.Rate < 0 || double.IsInfinity(options.Rate))
            errors.Add("Simulator:Rate", Text($"must be 0 (the default) or a positive number of readings per second (got {options.Rate})."));
        else if (options.Rate > 0)
            rate = options.Rate;
        if (options.Interval is not null)
        {
            if (rate is not null)
                errors.Add("Simulator:Interval", "and Simulator:Rate are both set: give the time between one patient's readings (--interval) or the total rate (--rate), not both.");
            else if (mode == SimulationMode.Csv)
                errors.Add("Simulator:Interval", "applies to generated patients (random mode); a csv replay is paced by --rate.");
            else if (PositiveDuration(errors, "Simulator:Interval", options.Interval) is { } interval && patients is not null)
                rate = patients.Count / interval.TotalSeconds;
        }
        // Derived checks only on what the user set correctly: a bad patient count says so once, not again as a bad rate.
        if (mode == SimulationMode.Random && patients is not null)
        {
            rate ??= patients.Count;
            if (rate > patients.Count * MaxRatePerPatient && options.Interval is null)
                errors.Add("Simulator:Rate", Text(
                    $"must be at most {MaxRatePerPatient} readings per second per patient ({patients.Count * MaxRatePerPatient} for {patients.Count} patients), so each patient's readings are at least 1 ms apart (got {options.Rate})."));
            else if (rate > patients.Count * MaxRatePerPatient)
                errors.Add("Simulator:Interval", $"must be at least 1ms, so each patient's readings are at least 1 ms apart (got '{options.Interval}').");
        }

        TimeSpan? duration = null;
        if (options.Duration is not null)
            duration = PositiveDuration(errors, "Simulator:Duration", options.Duration);
        var deterioration = PositiveDuration(errors, "Simulator:Deterioration", options.Deterioration) ?? TimeSpan.FromMinutes(10);
        var reportEvery = PositiveDuration(errors, "Simulator:ReportEvery", options.ReportEvery) ?? TimeSpan.FromSeconds(5);

        DateTimeOffset? start = null;
        if (!string.IsNullOrWhiteSpace(options.Start))
        {
            if (CsvCells.TryParseTimestamp(options.Start, out var parsed, out _)) start = parsed;
            else errors.Add("Simulator:Start", $"must be an ISO-8601 time with a UTC offset, like 2026-01-01T08:00:00Z, or epoch milliseconds (got '{options.Start}').");
        }

        Share(errors, "Simulator:DeterioratingShare", options.DeterioratingShare, 1);
        Share(errors, "Simulator:ArtefactRate", options.ArtefactRate, 0.5);
        Share(errors, "Simulator:MissingRate", options.MissingRate, 0.5);
        Between(errors, "Simulator:Latitude", options.Latitude, -90, 90);
        Between(errors, "Simulator:Longitude", options.Longitude, -180, 180);
        Between(errors, "Simulator:RadiusKm", options.RadiusKm, 0, 1000);

        if (mode == SimulationMode.Csv) CheckCsv(options.Csv, errors);

        result = errors.Result();
        if (result.Failed) return null;
        return new SimulationPlan
        {
            Mode = mode,
            Topic = topics.Raw,
            Rate = rate,
            Duration = duration,
            CsvPath = mode == SimulationMode.Csv ? Path.GetFullPath(options.Csv!) : null,
            PatientIds = patients ?? [],
            Scenario = scenario,
            DeterioratingShare = options.DeterioratingShare,
            Deterioration = deterioration,
            Seed = options.Seed ?? System.Random.Shared.Next(),
            SeedGiven = options.Seed.HasValue,
            Start = start,
            Latitude = options.Latitude,
            Longitude = options.Longitude,
            RadiusKm = options.RadiusKm,
            ArtefactRate = options.ArtefactRate,
            MissingRate = options.MissingRate,
            ReportEvery = reportEvery,
        };
    }

    /// <summary>The ids given (<see cref="SimulatorOptions.PatientIds"/>: unique, non-blank, printable) or numbered for the count; null when invalid.</summary>
    private static IReadOnlyList<string>? PatientIdsOf(SimulatorOptions options, SettingErrors errors)
    {
        if (options.PatientIds is null)
        {
            if (options.Patients is >= 1 and <= MaxPatients)
                return Enumerable.Range(1, options.Patients).Select(Internal.Patients.PatientProfile.IdOf).ToList();
            errors.Add("Simulator:Patients", Text($"must be a count between 1 and {MaxPatients} (got {options.Patients}), or patient ids separated by commas."));
            return null;
        }
        var ids = options.PatientIds.Split(',', StringSplitOptions.TrimEntries);
        var problem = ids switch
        {
            _ when ids.Any(id => id.Length == 0) => "has an empty id",
            _ when ids.FirstOrDefault(id => id.Length > MaxIdLength || id.Any(char.IsControl)) is { } bad => $"has an id that is too long or not printable ('{bad[..Math.Min(bad.Length, 20)]}…')",
            _ when ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice => $"names '{twice.Key}' twice",
            _ when ids.Length > MaxPatients => $"names more than {MaxPatients} patients",
            _ => null,
        };
        if (problem is null) return ids;
        errors.Add("Simulator:PatientIds", $"{problem}; give ids separated by commas, like P001,P002,P003 (got '{options.PatientIds}').");
        return null;
    }

    private const int MaxPatients = 100_000;

    private const int MaxIdLength = 256;

    private static SimulationMode ParseMode(SimulatorOptions options, SettingErrors errors)
    {
        if (string.IsNullOrWhiteSpace(options.Mode))
            return string.IsNullOrWhiteSpace(options.Csv) ? SimulationMode.Random : SimulationMode.Csv;
        var mode = options.Mode.Trim().ToLowerInvariant() switch
        {
            "random" => SimulationMode.Random,
            "csv" => SimulationMode.Csv,
            _ => (SimulationMode?)null,
        };
        if (mode is null)
            return Invalid(errors, "Simulator:Mode", $"must be random or csv (got '{options.Mode}').", SimulationMode.Random);
        if (mode == SimulationMode.Random && !string.IsNullOrWhiteSpace(options.Csv))
            errors.Add("Simulator:Csv", "is set, but Simulator:Mode is random; use --mode csv to replay the file, or drop --csv.");
        return mode.Value;
    }

    private static void CheckCsv(string? path, SettingErrors errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add("Simulator:Csv", "is required in csv mode: the file to replay.");
            return;
        }
        if (!File.Exists(path))
        {
            errors.Add("Simulator:Csv", $"'{path}' does not exist{(Directory.Exists(path) ? " as a file (it is a directory)" : "")}.");
            return;
        }
        try
        {
            using var file = CsvReadingSource.Open(path, TimeProvider.System);
        }
        catch (CsvHeaderException e)
        {
            errors.Add("Simulator:Csv", $"'{path}': {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add("Simulator:Csv", $"'{path}' cannot be read ({e.Message}).");
        }
    }

    private static TimeSpan? PositiveDuration(SettingErrors errors, string key, string? text)
    {
        if (DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
        errors.Add(key, $"must be a positive duration like {DurationText.Examples} (got '{text}').");
        return null;
    }

    private static void Share(SettingErrors errors, string key, double value, double max) => Between(errors, key, value, 0, max);

    private static void Between(SettingErrors errors, string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
            errors.Add(key, Text($"must be between {min} and {max} (got {value})."));
    }

    private static T Invalid<T>(SettingErrors errors, string key, string problem, T fallback)
    {
        errors.Add(key, problem);
        return fallback;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
