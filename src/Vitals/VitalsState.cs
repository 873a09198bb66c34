using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.State;
using Pulse.Vitals.Alerts;
using Pulse.Vitals.Internal;

namespace Pulse.Vitals;

/// <summary>
/// Interactive queries of the vitals topology: what an instance's stores hold about one patient
/// (the rolling figures and the alert state), read through <see cref="KafkaStreams.Store{TStore}"/>.
/// Ask the instance that holds the patient (<see cref="KafkaStreams.QueryMetadataForKeyAsync{TKey}"/>
/// with <see cref="VitalsTopology.RollingStore"/>); another answers null.
/// </summary>
public static class VitalsState
{
    /// <summary>The patient's state in this instance's stores, or null when they hold nothing of the patient.</summary>
    /// <param name="streams">A started instance running <see cref="VitalsTopology"/>.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="rollingWindow">The rolling window the topology runs with (<see cref="RollingOptions.Window"/>, 5 min by default).</param>
    /// <exception cref="Pulse.Streams.Errors.InvalidStateStoreException">The stores are moving (a rebalance): retry.</exception>
    public static PatientState? Patient(KafkaStreams streams, string patientId, TimeSpan? rollingWindow = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(patientId);
        var rolling = streams.Store<IReadOnlyKeyValueStore<string, RollingReadings>>(VitalsTopology.RollingStore).Get(patientId);
        var alerts = streams.Store<IReadOnlyKeyValueStore<string, PatientAlertState>>(AlertsStage.StoreName).Get(patientId);
        if (rolling is null && alerts is null) return null;
        return new PatientState(patientId, rolling is null ? null : Rolling(rolling, (long)(rollingWindow ?? TimeSpan.FromMinutes(5)).TotalMilliseconds),
            alerts is null ? null : Alerts(patientId, alerts), Latest(rolling, alerts));
    }

    /// <summary>
    /// The latest reading: every vital while an episode is open (the alert stage keeps its snapshot), else heart rate and
    /// SpO2 from the rolling window (all it keeps).
    /// </summary>
    private static LatestReading? Latest(RollingReadings? rolling, PatientAlertState? alerts)
    {
        if (alerts is { Latest: { } snapshot, Watermark: var at } && at != PatientAlertState.NoTime)
            return new LatestReading(at, snapshot.Vitals, snapshot.News2, snapshot.Latitude, snapshot.Longitude);
        if (rolling is not { Count: > 0 }) return null;
        var newest = rolling[rolling.Count - 1]; // kept in time order
        var vitals = new Dictionary<string, double>(2, StringComparer.Ordinal);
        if (newest.HeartRate > 0) vitals["heart_rate"] = newest.HeartRate;
        if (newest.Spo2 > 0) vitals["spo2"] = newest.Spo2;
        return new LatestReading(newest.Timestamp, vitals, null, null, null);
    }

    private static RollingState Rolling(RollingReadings readings, long windowMs)
    {
        var newest = readings.NewestTimestamp;
        var (count, hrSum, hrCount, spo2Sum, spo2Count, spo2Min) = (0, 0L, 0, 0L, 0, int.MaxValue);
        for (var i = 0; i < readings.Count; i++)
        {
            var entry = readings[i];
            if (entry.Timestamp <= newest - windowMs) continue;
            count++;
            if (entry.HeartRate > 0) (hrSum, hrCount) = (hrSum + entry.HeartRate, hrCount + 1);
            if (entry.Spo2 > 0) (spo2Sum, spo2Count, spo2Min) = (spo2Sum + entry.Spo2, spo2Count + 1, Math.Min(spo2Min, entry.Spo2));
        }
        return new RollingState(count, readings.Count == 0 ? null : newest, hrCount == 0 ? null : Math.Round((double)hrSum / hrCount, 1),
            spo2Count == 0 ? null : Math.Round((double)spo2Sum / spo2Count, 1), spo2Count == 0 ? null : spo2Min);
    }

    private static AlertStateView Alerts(string patientId, PatientAlertState state) => new(
        Time(state.Watermark), Time(state.LastSeen), state.DeviceId,
        [.. state.Findings.Select(f => new FindingState(f.Rule, f.Vital, f.Level?.ToString(), f.Pending?.ToString(), f.Since, f.LastHeld, f.Message))],
        Episode(patientId, state.Clinical), Episode(patientId, state.Technical));

    private static EpisodeState? Episode(string patientId, Episode? episode) => episode is null ? null : new EpisodeState(
        episode.Id(patientId), episode.Kind.ToString(), episode.Severity.ToString(), episode.Sequence, episode.Start, episode.AcknowledgedBy,
        episode.Acknowledged ? episode.AcknowledgedAt : null, episode.Reminders, Time(episode.NextReminder));

    private static long? Time(long time) => time == PatientAlertState.NoTime ? null : time;
}

/// <summary>What an instance holds about a patient.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Rolling">The rolling figures of the patient's readings, or null.</param>
/// <param name="Alerts">The alert stage's state of the patient, or null.</param>
/// <param name="Latest">The latest reading as the stores keep it, or null.</param>
public sealed record PatientState(string PatientId, RollingState? Rolling, AlertStateView? Alerts, LatestReading? Latest);

/// <summary>The patient's readings of the rolling window ending at the newest (heart rate and SpO2 only are kept).</summary>
/// <param name="Readings">Readings in the window.</param>
/// <param name="Newest">The newest reading's event time (ms).</param>
/// <param name="HeartRateMean">Mean heart rate (bpm).</param>
/// <param name="Spo2Mean">Mean SpO2 (%).</param>
/// <param name="Spo2Min">Lowest SpO2 (%).</param>
public sealed record RollingState(int Readings, long? Newest, double? HeartRateMean, double? Spo2Mean, int? Spo2Min);

/// <summary>The alert stage's state of a patient. Times are ms since the epoch.</summary>
/// <param name="Watermark">The latest reading the rules saw (event time).</param>
/// <param name="LastSeen">When a reading last arrived (wall clock).</param>
/// <param name="DeviceId">The latest reading's device.</param>
/// <param name="Findings">Candidates (no level yet) and counted findings.</param>
/// <param name="Clinical">The open clinical episode, or null.</param>
/// <param name="Technical">The open technical (NO_DATA) episode, or null.</param>
public sealed record AlertStateView(long? Watermark, long? LastSeen, string? DeviceId, IReadOnlyList<FindingState> Findings, EpisodeState? Clinical,
    EpisodeState? Technical);

/// <summary>
/// A patient's latest reading as the stores keep it: every vital while an alert episode is open, otherwise heart rate
/// and SpO2 only (the rolling window's figures).
/// </summary>
/// <param name="Timestamp">Its event time (ms since the epoch).</param>
/// <param name="Vitals">Each present vital by its field name (<c>heart_rate</c>, <c>spo2</c>, <c>systolic_bp</c>, <c>diastolic_bp</c>,
/// <c>respiratory_rate</c>, <c>temperature</c>, <c>glucose</c>, <c>consciousness</c> as its ACVPU position 0 to 4, <c>on_oxygen</c> 0 or 1).</param>
/// <param name="News2">Its NEWS2 score, or null.</param>
/// <param name="Latitude">Where it was taken, or null.</param>
/// <param name="Longitude">Where it was taken, or null.</param>
public sealed record LatestReading(long Timestamp, IReadOnlyDictionary<string, double> Vitals, int? News2, double? Latitude, double? Longitude);

/// <summary>A finding as the alert stage keeps it.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Vital">The vital, for rules per vital.</param>
/// <param name="Level">The severity it counts at; null while a candidate.</param>
/// <param name="Pending">A higher severity that holds but has not counted yet.</param>
/// <param name="Since">When the condition began (event time).</param>
/// <param name="LastHeld">When it last held (event time).</param>
/// <param name="Message">What the rule said of it when an event last carried it.</param>
public sealed record FindingState(string Rule, string? Vital, string? Level, string? Pending, long Since, long LastHeld, string Message);

/// <summary>An open episode as the alert stage keeps it.</summary>
/// <param name="EpisodeId">Its id (the events' alert_id).</param>
/// <param name="Kind">CLINICAL or TECHNICAL.</param>
/// <param name="Severity">WARNING or CRITICAL.</param>
/// <param name="Sequence">The latest event's number.</param>
/// <param name="Start">When it started.</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="Reminders">Reminders sent.</param>
/// <param name="NextReminder">When the next reminder is due (wall clock), or null.</param>
public sealed record EpisodeState(string EpisodeId, string Kind, string Severity, int Sequence, long Start, string? AcknowledgedBy, long? AcknowledgedAt,
    int Reminders, long? NextReminder);
