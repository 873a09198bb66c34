namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>
/// The simulated patients of a run, drawn from one seed: the same seed and settings give the same
/// patients. Locations are uniform over a disc around the centre; in the mixed scenario the
/// deteriorating patients are a seeded choice, at least one when the share is above 0.
/// </summary>
internal static class Cohort
{
    private const double KmPerDegreeLatitude = 111.32;

    public static IReadOnlyList<PatientProfile> Create(SimulationPlan plan)
    {
        var random = new System.Random(plan.Seed);
        var deteriorating = ChooseDeteriorating(plan, random);
        var patients = new List<PatientProfile>(plan.Patients);
        Span<double> baseline = stackalloc double[VitalSet.Count];
        for (var i = 0; i < plan.Patients; i++)
        {
            var number = i + 1;
            var own = new System.Random(random.Next());
            var (latitude, longitude) = Location(plan, own);
            for (var v = 0; v < VitalSet.Count; v++)
                baseline[v] = Bands.BaselineLow[v] + own.NextDouble() * (Bands.BaselineHigh[v] - Bands.BaselineLow[v]);
            DeteriorationPattern? pattern = deteriorating.Contains(i)
                ? own.Next(2) == 0 ? DeteriorationPattern.Sepsis : DeteriorationPattern.Hypoxia
                : null;
            var onset = plan.Deterioration / 2 * own.NextDouble();
            patients.Add(new PatientProfile(
                number, plan.PatientIds[i], PatientProfile.DeviceOf(number), latitude, longitude,
                VitalSet.From(baseline), pattern, onset, own.Next()));
        }
        return patients;
    }

    private static HashSet<int> ChooseDeteriorating(SimulationPlan plan, System.Random random)
    {
        var count = plan.Scenario switch
        {
            Scenario.Normal => 0,
            Scenario.Deteriorating => plan.Patients,
            _ => plan.DeterioratingShare <= 0 ? 0 : Math.Max(1, (int)Math.Round(plan.Patients * plan.DeterioratingShare, MidpointRounding.AwayFromZero)),
        };
        // A partial Fisher–Yates shuffle: the first `count` of a seeded permutation.
        var indexes = Enumerable.Range(0, plan.Patients).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, indexes.Length);
            (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
        }
        return [.. indexes.Take(count)];
    }

    private static (double Latitude, double Longitude) Location(SimulationPlan plan, System.Random random)
    {
        var distanceKm = plan.RadiusKm * Math.Sqrt(random.NextDouble());
        var bearing = 2 * Math.PI * random.NextDouble();
        var latitude = plan.Latitude + distanceKm * Math.Cos(bearing) / KmPerDegreeLatitude;
        var kmPerDegreeLongitude = KmPerDegreeLatitude * Math.Max(Math.Cos(plan.Latitude * Math.PI / 180), 0.01);
        var longitude = plan.Longitude + distanceKm * Math.Sin(bearing) / kmPerDegreeLongitude;
        return (Math.Clamp(latitude, -90, 90), ((longitude + 540) % 360) - 180);
    }
}
