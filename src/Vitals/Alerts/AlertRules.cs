namespace Pulse.Vitals.Alerts;

/// <summary>The alert rules the vitals topology runs: to add one, write an <see cref="IAlertRule"/> and add a line here.</summary>
public static class AlertRules
{
    /// <summary>NEWS2, SUSTAINED and RAPID_CHANGE with <paramref name="options"/> (validated by the stage).</summary>
    public static IReadOnlyList<IAlertRule> Default(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new News2Rule(options),
            new SustainedRule(options),
            new RapidChangeRule(options),
        ];
    }
}
