namespace Pulse.Host.Dashboard;

/// <summary>A patient's tile as the page gets it (JSON, camelCase). Times are ms since the epoch.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Ts">The latest reading's event time.</param>
/// <param name="SeenAt">When the dashboard last heard of the patient (wall clock; the event time for readings from before it started).</param>
/// <param name="HeartRate">bpm.</param>
/// <param name="Spo2">%.</param>
/// <param name="Systolic">mmHg.</param>
/// <param name="Diastolic">mmHg.</param>
/// <param name="RespiratoryRate">breaths/min.</param>
/// <param name="Temperature">°C.</param>
/// <param name="Consciousness">ACVPU level.</param>
/// <param name="OnOxygen">Supplemental oxygen.</param>
/// <param name="Statuses">Each vital's status by the tile's key (heartRate, spo2, systolic, respiratoryRate, temperature, consciousness).</param>
/// <param name="News2">NEWS2 score.</param>
/// <param name="Risk">NEWS2 risk band.</param>
/// <param name="Trend">[time, heart rate, SpO2] points: all of the trend in a snapshot, only the new ones in a push.</param>
public sealed record TileView(
    string PatientId, long Ts, long SeenAt, int? HeartRate, int? Spo2, int? Systolic, int? Diastolic, int? RespiratoryRate, double? Temperature,
    string? Consciousness, bool? OnOxygen, IReadOnlyDictionary<string, string> Statuses, int News2, string Risk, IReadOnlyList<double?[]> Trend);

/// <summary>An open episode as the alarm list shows it (the latest event of it).</summary>
/// <param name="EpisodeId">The alert id, the same for every event of the episode.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="Kind">CLINICAL or TECHNICAL.</param>
/// <param name="Severity">WARNING or CRITICAL.</param>
/// <param name="State">The latest event's state (RESOLVED: the episode just closed).</param>
/// <param name="Sequence">The latest event's number.</param>
/// <param name="Start">When the episode started (ms).</param>
/// <param name="Updated">The latest event's time (ms).</param>
/// <param name="Message">The latest event's message.</param>
/// <param name="Findings">What counts in the episode now.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or null.</param>
/// <param name="AcknowledgedAt">When (ms), or null.</param>
/// <param name="Latitude">Where the patient is, when the readings say.</param>
/// <param name="Longitude">Where the patient is, when the readings say.</param>
public sealed record EpisodeView(
    string EpisodeId, string PatientId, string Kind, string Severity, string State, int Sequence, long Start, long Updated, string Message,
    IReadOnlyList<FindingView> Findings, string? AcknowledgedBy, long? AcknowledgedAt, double? Latitude = null, double? Longitude = null);

/// <summary>One finding of an episode.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Vital">The vital, for rules per vital.</param>
/// <param name="Severity">WARNING or CRITICAL.</param>
/// <param name="Message">What holds.</param>
/// <param name="Since">Since when (ms).</param>
public sealed record FindingView(string Rule, string? Vital, string Severity, string Message, long Since);

/// <summary>The whole ward at once: what the page loads first.</summary>
/// <param name="ServerTime">The dashboard's clock (ms), for "no data for N s".</param>
/// <param name="NoDataAfterMs">After how long without readings a tile shows no data.</param>
/// <param name="Patients">Every tile, with its whole trend.</param>
/// <param name="Episodes">Every open episode.</param>
public sealed record WardSnapshot(long ServerTime, long NoDataAfterMs, IReadOnlyList<TileView> Patients, IReadOnlyList<EpisodeView> Episodes);
