using Pulse.Streams;

namespace Pulse.Vitals;

/// <summary>
/// The names of the pipeline's topics, configuration section <see cref="Section"/>. One type for
/// everything that reads or writes them: the topology, the sink, the simulator, <c>pulse init</c>
/// and <c>pulse broker</c>, so renaming a topic here renames it everywhere.
/// </summary>
public sealed class VitalsTopics
{
    /// <summary>The configuration section these names bind from.</summary>
    public const string Section = VitalsOptions.Section + ":Topics";

    /// <summary>Raw readings in, keyed by patient id.</summary>
    public string Raw { get; set; } = "vitals.raw";

    /// <summary>Valid readings with statuses, NEWS2 and rolling figures (table <c>readings</c>).</summary>
    public string Enriched { get; set; } = "vitals.enriched";

    /// <summary>Final 1-minute window figures (table <c>vital_stats_1m</c>).</summary>
    public string Stats { get; set; } = "vitals.stats.1m";

    /// <summary>Alert events other than those <see cref="Dispatch"/> gets: warnings, updates, acknowledgements, resolutions, NO_DATA (table <c>alerts</c>).</summary>
    public string Notify { get; set; } = "alerts.notify";

    /// <summary>Critical clinical episodes raised, escalated or reminded: what someone must act on (table <c>alerts</c> too).</summary>
    public string Dispatch { get; set; } = "alerts.dispatch";

    /// <summary>Acknowledgements of alert episodes, keyed by patient id, partitioned like <see cref="Raw"/> (<c>pulse alerts ack</c>, the dashboard).</summary>
    public string Acks { get; set; } = "alerts.acks";

    /// <summary>Dead letters: invalid or undeserializable readings, with reasons in headers (<see cref="InvalidReadingHeaders"/>; table <c>invalid_readings</c>).</summary>
    public string Invalid { get; set; } = "vitals.invalid";

    /// <summary>Vehicle positions, keyed by vehicle id; compacted (the latest position per vehicle is what counts).</summary>
    public string VehiclePositions { get; set; } = "vehicles.positions";

    /// <summary>Dispatch orders.</summary>
    public string DispatchOrders { get; set; } = "dispatch.orders";

    /// <summary>
    /// Every problem with these names, each starting with its setting's key (<c>Vitals:Topics:Stats</c>):
    /// each must be a valid Kafka topic name; no output may be the raw topic; the topics the sink
    /// turns into tables must differ (the dispatch topic may be the notify topic).
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, value) in Named())
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add($"{Section}:{name} must name a topic (was empty).");
            else if (!TopicNames.IsValid(value)) errors.Add($"{Section}:{name} '{value}' is not a valid Kafka topic name ({TopicNames.Rule}).");
            else if (name != nameof(Raw) && value == Raw) errors.Add($"{Section}:{name} must differ from {Section}:{nameof(Raw)} ('{value}'): the topology would read its own output.");
        }
        string[] tables = [Enriched, Stats, Notify, Invalid];
        string[] outputs = [.. tables, Dispatch];
        if (outputs.Contains(Acks, StringComparer.Ordinal))
            errors.Add($"{Section}:{nameof(Acks)} '{Acks}' must differ from the topology's outputs: the alert stage would read its own events as acknowledgements.");
        if (tables.Distinct(StringComparer.Ordinal).Count() != tables.Length || (Dispatch != Notify && tables.Contains(Dispatch, StringComparer.Ordinal)))
            errors.Add($"{Section} names one topic for two tables: the enriched, stats, alert and invalid topics must differ (the dispatch topic may be the notify topic).");
        return errors;
    }

    private IEnumerable<(string Name, string Value)> Named() =>
    [
        (nameof(Raw), Raw), (nameof(Enriched), Enriched), (nameof(Stats), Stats), (nameof(Notify), Notify), (nameof(Dispatch), Dispatch),
        (nameof(Invalid), Invalid), (nameof(Acks), Acks), (nameof(VehiclePositions), VehiclePositions), (nameof(DispatchOrders), DispatchOrders),
    ];
}
