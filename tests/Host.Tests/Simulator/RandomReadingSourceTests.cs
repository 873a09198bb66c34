using pulse.vitals;
using Pulse.Host.Simulator.Internal;
using Pulse.Host.Simulator.Internal.Patients;
using Pulse.Host.Tests.TestSupport;
using static Pulse.Host.Tests.TestSupport.SimulatorTestPlans;

namespace Pulse.Host.Tests.Simulator;

public class RandomReadingSourceTests
{
    [Fact]
    public void SameSeedAndStart_GiveTheSameReadings()
    {
        var plan = Plan(o => o.Patients = 7);

        var first = Generate(plan, 5_000);
        var second = Generate(plan, 5_000);

        Assert.Equal(first.Select(Describe), second.Select(Describe));
    }

    [Fact]
    public void AnotherSeed_GivesOtherReadings()
    {
        var first = Generate(Plan(o => o.Seed = 1), 500);
        var second = Generate(Plan(o => o.Seed = 2), 500);

        Assert.NotEqual(first.Select(Describe), second.Select(Describe));
    }

    [Fact]
    public void Readings_GoRoundThePatients_StampedKOverRateAfterTheStart()
    {
        var plan = Plan(o =>
        {
            o.Patients = 4;
            o.Rate = 8; // each patient every half second
        });

        var readings = Generate(plan, 12);

        Assert.Equal(
            Enumerable.Range(0, 12).Select(k => ($"P-000{k % 4 + 1}", $"DEV-000{k % 4 + 1}", Start.UtcDateTime.AddMilliseconds(k * 125))),
            readings.Select(r => (r.patient_id, r.device_id, r.timestamp)));
    }

    [Fact]
    public void EachPatientsTimestamps_AtTheHighestRate_RiseByAtLeastAMillisecond()
    {
        var plan = Plan(o =>
        {
            o.Patients = 3;
            o.Rate = 3_000;
        });

        foreach (var patient in Generate(plan, 3_000).GroupBy(r => r.patient_id))
            Assert.All(patient.Zip(patient.Skip(1)), pair => Assert.True(pair.Second.timestamp >= pair.First.timestamp.AddMilliseconds(1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2026)]
    public void NormalPatients_StayInThe0ScoreBands_SoEveryValidReadingScores0(int seed)
    {
        var plan = Plan(o =>
        {
            o.Seed = seed;
            o.Scenario = "normal";
            o.Patients = 20;
        });

        var readings = Generate(plan, 20 * 60 * 30); // half an hour, one reading per patient per second
        var valid = readings.Where(News2.IsValid).ToList();

        Assert.All(valid, r => Assert.True(News2.Score(r) == 0, $"{Describe(r)} scores {News2.Score(r)}"));
        Assert.All(readings, r => Assert.Equal(Consciousness.ALERT, r.consciousness ?? Consciousness.ALERT));
        Assert.DoesNotContain(readings, r => r.on_oxygen == true);
        // The artefacts: about 1.5 % of readings are impossible, for the topology to dead-letter.
        Assert.InRange(1.0 - (double)valid.Count / readings.Count, 0.008, 0.025);
    }

    [Fact]
    public void NormalPatients_VaryAroundTheirOwnBaselines()
    {
        var readings = Generate(Plan(o =>
        {
            o.Scenario = "normal";
            o.Patients = 5;
        }), 5 * 600).Where(News2.IsValid).ToList();

        var meanHeartRates = readings.GroupBy(r => r.patient_id).Select(g => g.Where(r => r.heart_rate is not null).Average(r => r.heart_rate!.Value)).ToList();
        Assert.True(meanHeartRates.Max() - meanHeartRates.Min() > 3, "patients should differ: " + string.Join(", ", meanHeartRates));
        foreach (var patient in readings.GroupBy(r => r.patient_id))
            Assert.True(patient.Select(r => r.heart_rate).Distinct().Count() > 5, $"{patient.Key}'s heart rate should vary");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2026)]
    public void DeterioratingPatients_ReachAHighNews2WithinTheDeteriorationTime(int seed)
    {
        var plan = Plan(o =>
        {
            o.Seed = seed;
            o.Scenario = "deteriorating";
            o.Patients = 10;
            o.Deterioration = "10m";
        });

        var readings = Generate(plan, 10 * 60 * 16); // 16 minutes: the latest onset (5 min) plus 10 min, and one to spare

        foreach (var patient in readings.Where(News2.IsValid).GroupBy(r => r.patient_id))
        {
            var lastMinute = patient.Where(r => r.timestamp >= Start.UtcDateTime.AddMinutes(15)).Select(News2.Score).Order().ToList();
            Assert.True(lastMinute[lastMinute.Count / 2] >= 7, $"{patient.Key}: median NEWS2 in the last minute {lastMinute[lastMinute.Count / 2]}");
            var firstSeconds = patient.Take(5).Select(News2.Score).ToList();
            Assert.True(firstSeconds.All(s => s <= 1), $"{patient.Key} starts healthy: {string.Join(", ", firstSeconds)}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2026)]
    public void Deterioration_IsSepsisLikeOrHypoxic(int seed)
    {
        var plan = Plan(o =>
        {
            o.Seed = seed;
            o.Scenario = "deteriorating";
            o.Patients = 12;
            o.Deterioration = "2m";
        });
        var source = new RandomReadingSource(plan, Start);
        var late = source.Items().Take(12 * 60 * 5).Select(i => i.Reading!).Where(News2.IsValid)
            .Where(r => r.timestamp >= Start.UtcDateTime.AddMinutes(4)).ToList();

        var patterns = source.Patients.ToDictionary(p => p.PatientId, p => p.Pattern);
        Assert.Contains(DeteriorationPattern.Sepsis, patterns.Values);
        Assert.Contains(DeteriorationPattern.Hypoxia, patterns.Values);
        foreach (var patient in late.GroupBy(r => r.patient_id))
        {
            var mean = (Func<VitalReading, double?> vital) => patient.Select(vital).Where(v => v is not null).Average(v => v!.Value);
            Assert.True(mean(r => r.respiratory_rate) >= 25, $"{patient.Key}: fast breathing");
            Assert.All(patient, r => Assert.Equal(Consciousness.CONFUSION, r.consciousness ?? Consciousness.CONFUSION));
            if (patterns[patient.Key] == DeteriorationPattern.Sepsis)
            {
                Assert.True(mean(r => r.heart_rate) >= 130, $"{patient.Key}: tachycardia");
                Assert.True(mean(r => r.temperature) >= 39, $"{patient.Key}: fever");
                Assert.True(mean(r => r.systolic_bp) <= 100, $"{patient.Key}: hypotension ({mean(r => r.systolic_bp):0})");
            }
            else
            {
                Assert.True(mean(r => r.spo2) <= 88, $"{patient.Key}: low saturation");
                Assert.All(patient, r => Assert.True(r.on_oxygen));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2026)]
    public void MixedRun_DeterioratesTheGivenShare_AndTheOthersStayAt0(int seed)
    {
        var plan = Plan(o =>
        {
            o.Seed = seed;
            o.Scenario = "mixed";
            o.Patients = 20;
            o.DeterioratingShare = 0.2;
            o.Deterioration = "2m";
        });
        var source = new RandomReadingSource(plan, Start);
        var readings = source.Items().Take(20 * 60 * 5).Select(i => i.Reading!).Where(News2.IsValid).ToList();

        var deteriorating = source.Patients.Where(p => p.Pattern is not null).Select(p => p.PatientId).ToHashSet();
        Assert.Equal(4, deteriorating.Count);
        var highest = readings.GroupBy(r => r.patient_id).ToDictionary(g => g.Key, g => g.Max(News2.Score));
        Assert.All(highest.Where(p => deteriorating.Contains(p.Key)), p => Assert.True(p.Value >= 7, $"{p.Key} peaks at {p.Value}"));
        Assert.All(highest.Where(p => !deteriorating.Contains(p.Key)), p => Assert.Equal(0, p.Value));
    }

    [Theory]
    [InlineData(1, 0.2, 1)]
    [InlineData(3, 0.2, 1)]
    [InlineData(10, 0.25, 3)]
    [InlineData(10, 0, 0)]
    [InlineData(10, 1, 10)]
    public void MixedRun_HasAtLeastOneDeterioratingPatient_UnlessTheShareIs0(int patients, double share, int expected)
    {
        var plan = Plan(o =>
        {
            o.Patients = patients;
            o.DeterioratingShare = share;
        });
        Assert.Equal(expected, Cohort.Create(plan).Count(p => p.Pattern is not null));
    }

    [Fact]
    public void SomeVitals_GoMissing_AndGlucoseIsASpotCheck()
    {
        var readings = Generate(Plan(o =>
        {
            o.Scenario = "normal";
            o.ArtefactRate = 0;
        }), 20_000);

        Assert.InRange(readings.Count(r => r.heart_rate is null) / 20_000.0, 0.01, 0.03);
        Assert.InRange(readings.Count(r => r.temperature is null) / 20_000.0, 0.01, 0.03);
        Assert.InRange(readings.Count(r => r.glucose is not null) / 20_000.0, 0.15, 0.25);
        Assert.All(readings, r => Assert.Equal(r.systolic_bp is null, r.diastolic_bp is null));
        Assert.All(readings, r => Assert.True(News2.IsValid(r), Describe(r)));
    }

    [Fact]
    public void Patients_LiveWithinTheRadiusOfTheCentre_AndStayPut()
    {
        var plan = Plan(o =>
        {
            o.Patients = 50;
            o.Latitude = 48.8566;
            o.Longitude = 2.3522;
            o.RadiusKm = 5;
        });

        var readings = Generate(plan, 500);

        foreach (var patient in readings.GroupBy(r => r.patient_id))
        {
            Assert.Single(patient.Select(r => (r.latitude, r.longitude)).Distinct());
            Assert.InRange(DistanceKm(48.8566, 2.3522, patient.First().latitude!.Value, patient.First().longitude!.Value), 0, 5.01);
        }
        Assert.True(readings.Select(r => r.latitude).Distinct().Count() == 50, "every patient has a place of their own");
    }

    [Fact]
    public void LimitedRun_EndsAfterDurationTimesRateReadings()
    {
        var plan = Plan(o =>
        {
            o.Patients = 3;
            o.Rate = 7;
            o.Duration = "10s";
        });
        var source = new RandomReadingSource(plan, Start);

        Assert.Equal(0, source.Progress);
        Assert.Equal(70, source.Items().Count());
        Assert.Equal(1.0, source.Progress);
    }

    private static List<VitalReading> Generate(SimulationPlan plan, int count)
    {
        using var source = new RandomReadingSource(plan, Start);
        return [.. source.Items().Take(count).Select(i => i.Reading!)];
    }

    private static string Describe(VitalReading r) =>
        $"{r.patient_id} {r.device_id} {r.timestamp:O} hr={r.heart_rate} spo2={r.spo2} bp={r.systolic_bp}/{r.diastolic_bp} rr={r.respiratory_rate} " +
        $"t={r.temperature} g={r.glucose} {r.consciousness} o2={r.on_oxygen} {r.latitude},{r.longitude}";

    private static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 6371 * 2 * Math.Asin(Math.Sqrt(a));
    }
}
