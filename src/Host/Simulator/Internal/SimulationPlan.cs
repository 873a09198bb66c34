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

    public int Patients { get; init; }

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
        errors.Range("Simulator:Patients", options.Patients, 1, 100_000);

        double? rate = null;
        if (double.IsNaN(options.Rate) || options.Rate < 0 || double.IsInfinity(options.Rate))
            errors.Add("Simulator:Rate", Text($"must be 0 (the default) or a positive number of readings per second (got {options.Rate})."));
        else if (options.Rate > 0)
            rate = options.Rate;
        if (mode == SimulationMode.Random)
        {
            rate ??= options.Patients;
            if (rate > options.Patients * MaxRatePerPatient)
                errors.Add("Simulator:Rate", Text(
                    $"must be at most {MaxRatePerPatient} readings per second per patient ({options.Patients * MaxRatePerPatient} for {options.Patients} patients), so each patient's readings are at least 1 ms apart (got {options.Rate})."));
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
            Patients = options.Patients,
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
