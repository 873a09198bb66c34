namespace Pulse.Vitals.Dispatch;

/// <summary>
/// The dispatchable vehicles on a grid of latitude/longitude cells a quarter of the radius wide (at least 0.01°), for the
/// nearest search: a search looks only at the cells that can hold a vehicle within the radius (the rows the radius spans, and
/// the columns it spans at their highest latitude, wrapping at the antimeridian; every column near a pole), row by row
/// outwards from the patient's, and stops at the first row farther (in latitude alone) than the nearest vehicle found so
/// far; it measures great-circle distances. Ties go to the lowest vehicle id.
/// </summary>
internal sealed class VehicleGrid
{
    private const double KmPerDegree = Math.PI * GreatCircle.EarthRadiusKm / 180;
    private readonly double _cell;
    private readonly int _columns;
    private readonly double _radiusKm;
    private readonly Dictionary<long, List<VehicleEntry>> _cells = [];

    public VehicleGrid(double radiusKm)
    {
        _radiusKm = radiusKm;
        // A whole number of columns round the globe, so the last one meets the first at the antimeridian.
        _columns = (int)Math.Ceiling(360 / Math.Max(0.01, radiusKm / 4 / KmPerDegree));
        _cell = 360.0 / _columns;
    }

    public int Count { get; private set; }

    /// <summary>Puts <paramref name="vehicle"/> where it is now when dispatchable, and nowhere when not.</summary>
    public void Update(VehicleEntry vehicle)
    {
        long? cell = vehicle.Dispatchable && GreatCircle.IsValid(vehicle.Latitude, vehicle.Longitude) ? Key(Row(vehicle.Latitude), Column(vehicle.Longitude)) : null;
        if (cell == vehicle.Cell) return;
        if (vehicle.Cell is { } old && _cells.TryGetValue(old, out var list))
        {
            list.Remove(vehicle);
            Count--;
            if (list.Count == 0) _cells.Remove(old);
        }
        vehicle.Cell = cell;
        if (cell is { } now)
        {
            if (!_cells.TryGetValue(now, out var target)) _cells[now] = target = [];
            target.Add(vehicle);
            Count++;
        }
    }

    /// <summary>The nearest dispatchable vehicle within the radius whose position is no older than <paramref name="freshFrom"/>, or null.</summary>
    public (VehicleEntry Vehicle, double DistanceKm)? Nearest(double latitude, double longitude, long freshFrom)
    {
        VehicleEntry? best = null;
        var bestKm = double.MaxValue;
        // Distances by the chord between unit vectors: exact, and no trigonometry per candidate.
        var (px, py, pz) = GreatCircle.Unit(latitude, longitude);
        var within = GreatCircle.ChordSquaredFromKm(_radiusKm);
        var span = _radiusKm / KmPerDegree;
        var (fromRow, toRow) = (Row(Math.Max(-90, latitude - span)), Row(Math.Min(90, latitude + span)));
        var highest = Math.Max(Math.Abs(latitude - span), Math.Abs(latitude + span));
        var lonSpan = highest >= 89.9 ? 360 : span / Math.Cos(highest * Math.PI / 180);
        void Consider(List<VehicleEntry> vehicles)
        {
            foreach (var v in vehicles)
            {
                if (v.Timestamp < freshFrom) continue;
                var (dx, dy, dz) = (v.Unit.X - px, v.Unit.Y - py, v.Unit.Z - pz);
                var chord2 = dx * dx + dy * dy + dz * dz;
                if (chord2 > within) continue;
                var km = GreatCircle.KmFromChordSquared(chord2);
                // Equal to a millimetre is equal: the lowest id wins.
                if (km < bestKm - 1e-6 || (Math.Abs(km - bestKm) <= 1e-6 && string.CompareOrdinal(v.Id, best!.Id) < 0)) (best, bestKm) = (v, km);
            }
        }
        if (lonSpan >= 180)
        {
            foreach (var (key, vehicles) in _cells)
                if (key / _columns >= fromRow && key / _columns <= toRow) Consider(vehicles);
        }
        else
        {
            var (fromColumn, toColumn) = ((int)Math.Floor((longitude + 180 - lonSpan) / _cell), (int)Math.Floor((longitude + 180 + lonSpan) / _cell));
            var own = Row(latitude);
            // Rows outwards: own, own+1, own-1, own+2, … A row whose nearest edge is farther in latitude than the best so far holds nothing nearer.
            for (var step = 0; step <= 2 * Math.Max(toRow - own, own - fromRow); step++)
            {
                var row = own + ((step & 1) == 1 ? (step + 1) / 2 : -(step / 2));
                if (row < fromRow || row > toRow) continue;
                var gapKm = row == own ? 0 : (row > own ? row * _cell - 90 - latitude : latitude - ((row + 1) * _cell - 90)) * KmPerDegree;
                if (gapKm > bestKm + 1e-6) continue;
                for (var column = fromColumn; column <= toColumn; column++)
                    if (_cells.TryGetValue(Key(row, Wrap(column)), out var vehicles)) Consider(vehicles);
            }
        }
        return best is null ? null : (best, bestKm);
    }

    private int Row(double latitude) => (int)Math.Floor((latitude + 90) / _cell);

    private int Column(double longitude) => Wrap((int)Math.Floor((longitude + 180) / _cell));

    private int Wrap(int column) => ((column % _columns) + _columns) % _columns;

    private long Key(int row, int column) => (long)row * _columns + column;
}
