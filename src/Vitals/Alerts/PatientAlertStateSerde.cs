using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The store's encoding of <see cref="PatientAlertState"/> (format 2): a format byte, the watermark
/// and the time the patient was last seen (8 bytes each), the device, the findings, the open episodes,
/// the latest reading's figures (while a clinical episode is open), then a section per rule with
/// something to remember: its name, its <see cref="IAlertRule.StateVersion"/>, its length and its
/// bytes. A section of a rule not registered, or of another version, is skipped, and a rule without a
/// section starts afresh; findings of rules not registered are dropped. A stable patient takes a few
/// dozen bytes.
/// <para>Format 1 (per-rule episodes, before episodes were per patient) is read as a patient with
/// nothing open: the watermark is kept; open episodes of that format are not carried over.</para>
/// Thread-safe (a per-thread writer).
/// </summary>
internal sealed class PatientAlertStateSerde : ISerializer<PatientAlertState>, IDeserializer<PatientAlertState>
{
    private const byte Version = 2, FirstVersion = 1;

    [ThreadStatic] private static AlertStateWriter? s_writer;

    private readonly IReadOnlyList<IAlertRule> _rules;
    private readonly Dictionary<string, int> _ruleIndex;

    public PatientAlertStateSerde(IReadOnlyList<IAlertRule> rules)
    {
        _rules = rules;
        _ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++) _ruleIndex.Add(rules[i].Name, i);
    }

    public Serde<PatientAlertState> ToSerde() => Serdes.From<PatientAlertState>(this, this);

    /// <summary>A state for a patient seen for the first time: every rule's new state.</summary>
    public PatientAlertState New()
    {
        var state = new PatientAlertState(_rules.Count);
        for (var i = 0; i < _rules.Count; i++) state.Rules[i] = _rules[i].NewState();
        return state;
    }

    public byte[] Serialize(PatientAlertState data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        var writer = s_writer ??= new AlertStateWriter();
        writer.Reset(data.Watermark);
        writer.Byte(Version);
        writer.Fixed64(data.Watermark);
        writer.Fixed64(data.LastSeen);
        writer.Bool(data.DeviceId is not null);
        if (data.DeviceId is not null) writer.String(data.DeviceId);
        writer.Varint((ulong)data.Findings.Count);
        foreach (var finding in data.Findings) finding.Write(writer);
        Optional(writer, data.Clinical);
        Optional(writer, data.Technical);
        writer.Bool(data.Latest is not null);
        data.Latest?.Write(writer);
        var sections = 0;
        foreach (var rule in data.Rules)
            if (rule is { IsEmpty: false }) sections++;
        writer.Varint((ulong)sections);
        for (var i = 0; i < _rules.Count; i++)
        {
            if (data.Rules[i] is not { IsEmpty: false } ruleState) continue;
            writer.String(_rules[i].Name);
            writer.Byte(_rules[i].StateVersion);
            writer.Section(ruleState, static (w, s) => s.Write(w));
        }
        return writer.ToArray();
    }

    public PatientAlertState Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull) return null!;
        var reader = new AlertStateReader(data, 0);
        var version = reader.Byte();
        if (version == FirstVersion)
        {
            var first = New();
            first.Watermark = reader.Fixed64();
            return first;
        }
        if (version != Version)
            throw new InvalidDataException($"Alert state format {version} is unknown (this build reads {FirstVersion} and {Version}); topic '{context.Topic}'.");
        var state = new PatientAlertState(_rules.Count) { Watermark = reader.Fixed64() };
        reader.Watermark = state.Watermark;
        state.LastSeen = reader.Fixed64();
        if (reader.Bool()) state.DeviceId = reader.String();
        var findings = reader.Count();
        for (var i = 0; i < findings; i++)
        {
            var finding = Finding.Read(ref reader);
            if (_ruleIndex.ContainsKey(finding.Rule)) state.Findings.Add(finding);
        }
        if (reader.Bool()) state.Clinical = Episode.Read(ref reader);
        if (reader.Bool()) state.Technical = Episode.Read(ref reader);
        if (reader.Bool()) state.Latest = ReadingSnapshot.Read(ref reader);
        var sections = reader.Count();
        for (var s = 0; s < sections; s++)
        {
            var name = reader.String();
            var sectionVersion = reader.Byte();
            var body = reader.Bytes(reader.Count());
            if (!_ruleIndex.TryGetValue(name, out var index) || sectionVersion != _rules[index].StateVersion) continue;
            var sectionReader = new AlertStateReader(body, state.Watermark);
            state.Rules[index] = _rules[index].ReadState(ref sectionReader);
            if (!sectionReader.AtEnd) throw new InvalidDataException($"Alert state: rule {name}'s section has bytes after its state; topic '{context.Topic}'.");
        }
        if (!reader.AtEnd) throw new InvalidDataException($"Alert state has bytes after its last section; topic '{context.Topic}'.");
        for (var i = 0; i < _rules.Count; i++) state.Rules[i] ??= _rules[i].NewState();
        return state;
    }

    private static void Optional(AlertStateWriter writer, Episode? episode)
    {
        writer.Bool(episode is not null);
        episode?.Write(writer);
    }
}
