using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using pulse.vitals;
using Pulse.Vitals;
using Pulse.Vitals.Clinical;

namespace Pulse.Host.Dashboard;

/// <summary>
/// Gives a tile to every patient PostgreSQL saw within <see cref="DashboardOptions.PatientLookback"/> whose readings
/// are older than the feed's backlog: once the backlog is read, asks the replicas' interactive queries
/// (<c>GET /state/patients/{id}</c> at <see cref="DashboardOptions.StateUrl"/>) for the patient's latest reading as the
/// topology keeps it (every vital while an episode is open, else heart rate and SpO2), scores it as the topology does and shows it, stamped with its own time (so a quiet patient shows
/// "no data"). Needs both PostgreSQL and a state URL; does nothing otherwise.
/// </summary>
internal sealed partial class WardSeed(
    WardModel ward, WardFeed feed, StateClient state, IOptions<DashboardOptions> options, ILogger<WardSeed> logger, PatientHistory? history = null)
    : BackgroundService
{
    /// <summary>Patients seeded, once done.</summary>
    public int Seeded { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (history is null || !state.Configured) return;
        await feed.BacklogRead.WaitAsync(stoppingToken).ConfigureAwait(false);
        List<string> patients;
        try
        {
            patients = await history.RecentPatientsAsync(options.Value.PatientLookback, stoppingToken).ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogNoPatients(logger, e.Message);
            return;
        }
        var seeded = 0;
        foreach (var patient in patients.Where(p => ward.Tile(p) is null))
        {
            var (status, json) = await state.PatientAsync(patient, stoppingToken).ConfigureAwait(false);
            if (status == 200 && Latest(patient, json) is { } reading)
            {
                ward.Add(reading, live: false);
                seeded++;
            }
        }
        Seeded = seeded;
        LogSeeded(logger, seeded, patients.Count);
    }

    /// <summary>The patient's latest reading, scored, from a replica's answer; null when it has none.</summary>
    internal static EnrichedReading? Latest(string patientId, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("latest", out var latest) || !latest.TryGetProperty("vitals", out var vitals)
            || !latest.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number)
            return null;
        int? Int(string name) => vitals.TryGetProperty(name, out var v) ? (int)Math.Round(v.GetDouble()) : null;
        double? Double(string name) => vitals.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        var reading = new VitalReading
        {
            patient_id = patientId,
            device_id = root.TryGetProperty("alerts", out var alerts) && alerts.TryGetProperty("deviceId", out var device) ? device.GetString() : null,
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestamp.GetInt64()).UtcDateTime,
            heart_rate = Int("heart_rate"), spo2 = Int("spo2"), systolic_bp = Int("systolic_bp"), diastolic_bp = Int("diastolic_bp"),
            respiratory_rate = Int("respiratory_rate"), temperature = Double("temperature"), glucose = Double("glucose"),
            consciousness = Int("consciousness") is { } c ? (Consciousness)c : null,
            on_oxygen = Int("on_oxygen") is { } o ? o == 1 : null,
        };
        var enriched = new EnrichedReading { reading = reading };
        ReadingScorer.Score(reading, enriched);
        return enriched;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tiles from the replicas' state: {Seeded} of {Patients} recent patients had no reading in the backlog")]
    private static partial void LogSeeded(ILogger logger, int seeded, int patients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No recent patients from PostgreSQL for the ward's first tiles: {Reason}")]
    private static partial void LogNoPatients(ILogger logger, string reason);
}
