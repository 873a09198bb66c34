using pulse.vitals;

namespace Pulse.Host.Dashboard;

/// <summary>
/// The ward as the dashboard knows it: a tile per patient and the open episodes, fed by
/// <see cref="WardFeed"/> and read by the pages: whole (<see cref="Snapshot"/>) or as the changes
/// since the last push (<see cref="TakeChanges"/>, each tile once however many readings came).
/// Thread-safe.
/// </summary>
internal sealed class WardModel(DashboardOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PatientTile> _patients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EpisodeView> _episodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedTiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EpisodeView> _changedEpisodes = new(StringComparer.Ordinal);
    private readonly long _trendMs = (long)options.Trend.TotalMilliseconds;

    /// <summary>Readings taken so far.</summary>
    public long Readings { get; private set; }

    public int Patients
    {
        get { lock (_gate) return _patients.Count; }
    }

    /// <summary>Takes a reading; <paramref name="live"/> false for one from before the dashboard started (seen at its own time).</summary>
    public void Add(EnrichedReading reading, bool live)
    {
        if (reading?.reading?.patient_id is not { } patient) return;
        var ts = new DateTimeOffset(DateTime.SpecifyKind(reading.reading.timestamp, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            Readings++;
            if (!_patients.TryGetValue(patient, out var tile)) _patients.Add(patient, tile = new PatientTile(patient));
            if (tile.Add(reading, ts, live ? now : Math.Min(ts, now), _trendMs)) _changedTiles.Add(patient);
        }
    }

    /// <summary>Takes an alert event: the episode's newest event wins; a resolved episode leaves the open ones.</summary>
    public void Add(Alert alert)
    {
        if (alert?.alert_id is null) return;
        var view = EpisodeOf(alert);
        lock (_gate)
        {
            if (_episodes.TryGetValue(view.EpisodeId, out var known) && known.Sequence > view.Sequence) return;
            if (view.State == nameof(AlertState.RESOLVED)) _episodes.Remove(view.EpisodeId);
            else _episodes[view.EpisodeId] = view;
            _changedEpisodes[view.EpisodeId] = view;
        }
    }

    public WardSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new WardSnapshot(time.GetUtcNow().ToUnixTimeMilliseconds(), (long)options.NoDataAfter.TotalMilliseconds,
                [.. _patients.Values.Where(t => t.Latest is not null).Select(t => t.View(whole: true))], [.. _episodes.Values]);
        }
    }

    /// <summary>The tiles and episodes changed since the last call (tiles with only their new trend points); null when nothing changed.</summary>
    public (IReadOnlyList<TileView> Tiles, IReadOnlyList<EpisodeView> Episodes)? TakeChanges()
    {
        lock (_gate)
        {
            if (_changedTiles.Count == 0 && _changedEpisodes.Count == 0) return null;
            var tiles = _changedTiles.Select(id => _patients[id].View(whole: false)).ToList();
            var episodes = _changedEpisodes.Values.ToList();
            _changedTiles.Clear();
            _changedEpisodes.Clear();
            return (tiles, episodes);
        }
    }

    /// <summary>The patient's tile, whole, or null.</summary>
    public TileView? Tile(string patientId)
    {
        lock (_gate) return _patients.TryGetValue(patientId, out var tile) && tile.Latest is not null ? tile.View(whole: true) : null;
    }

    private static EpisodeView EpisodeOf(Alert a) => new(
        a.alert_id, a.patient_id, a.kind.ToString(), a.severity.ToString(), a.state.ToString(), a.sequence, Ms(a.episode_start), Ms(a.timestamp),
        a.message, [.. (a.findings ?? []).Select(f => new FindingView(f.rule, f.vital, f.severity.ToString(), f.message, Ms(f.since)))],
        a.acknowledged_by, a.acknowledged_at is { } at ? Ms(at) : null,
        a.latitude is { } lat && double.IsFinite(lat) ? lat : null, a.longitude is { } lon && double.IsFinite(lon) ? lon : null);

    private static long Ms(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
