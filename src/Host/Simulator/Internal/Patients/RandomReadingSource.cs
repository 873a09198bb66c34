using System.Globalization;
using System.Text;
using Pulse.Host.Simulator.Internal;

namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>
/// Generated readings for a <see cref="Cohort"/>: round-robin over the patients, reading k stamped
/// <c>start + k / rate</c> (so each patient reports every patients / rate seconds, and at the default
/// rate, one reading per patient per second, event time keeps pace with the clock). Everything but
/// <paramref name="start"/> comes from the plan's seed: the same seed, settings and start give the
/// same readings. Endless unless the plan has a <see cref="SimulationPlan.ReadingLimit"/>.
/// </summary>
internal sealed class RandomReadingSource(SimulationPlan plan, DateTimeOffset start) : IReadingSource
{
    private readonly double _rate = plan.Rate ?? plan.Patients;
    private long _taken;

    public IReadOnlyList<PatientProfile> Patients { get; } = Cohort.Create(plan);

    /// <summary>The first reading's timestamp, at whole milliseconds.</summary>
    public DateTimeOffset Start { get; } = new(start.UtcTicks - start.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public string Description => Describe();

    public double? Progress => plan.ReadingLimit is { } limit ? Math.Min(1, (double)Volatile.Read(ref _taken) / limit) : null;

    public IEnumerable<SourceItem> Items()
    {
        var monitors = Patients.Select(p => new PatientMonitor(p, plan)).ToArray();
        var limit = plan.ReadingLimit ?? long.MaxValue;
        for (long k = 0; k < limit; k++)
        {
            var sinceStart = TimeSpan.FromTicks((long)(k * (TimeSpan.TicksPerSecond / _rate)));
            var timestamp = Start.UtcDateTime.AddTicks(sinceStart.Ticks - sinceStart.Ticks % TimeSpan.TicksPerMillisecond);
            var reading = monitors[(int)(k % monitors.Length)].Next(sinceStart, timestamp);
            Volatile.Write(ref _taken, k + 1);
            yield return SourceItem.Of(reading);
        }
    }

    public void Dispose()
    {
    }

    private string Describe()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Patients.Count} patients, scenario {plan.Scenario.ToString().ToLowerInvariant()}, seed {plan.Seed}, start {Start:yyyy-MM-ddTHH:mm:ss.fffZ}");
        var deteriorating = Patients.Where(p => p.Pattern is not null).ToList();
        text.Append(CultureInfo.InvariantCulture, $"; {deteriorating.Count} deteriorating");
        if (deteriorating.Count > 0)
            text.Append(": ").AppendJoin(", ", deteriorating.Take(10).Select(p =>
                $"{p.PatientId} {p.Pattern.ToString()!.ToLowerInvariant()} from +{DurationText.Format(p.Onset)} over {DurationText.Format(plan.Deterioration)}"));
        if (deteriorating.Count > 10) text.Append(", …");
        return text.ToString();
    }
}
