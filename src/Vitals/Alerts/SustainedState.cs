namespace Pulse.Vitals.Alerts;

/// <summary>One vital's critical run: <see cref="Count"/> consecutive readings with the vital critical, from <see cref="Start"/>.</summary>
internal struct VitalRun
{
    public long Start;
    public int Count;
}

/// <summary>A patient's SUSTAINED runs, one per <see cref="Vital"/>; only running ones are stored.</summary>
internal sealed class SustainedState : IAlertRuleState
{
    private readonly VitalRun[] _runs = new VitalRun[VitalFields.Count];

    public ref VitalRun this[Vital vital] => ref _runs[(int)vital];

    public bool IsEmpty
    {
        get
        {
            foreach (var run in _runs)
                if (run.Count > 0) return false;
            return true;
        }
    }

    /// <summary>A byte with a bit per running vital; then per running vital: its count and its start.</summary>
    public void Write(AlertStateWriter writer)
    {
        byte mask = 0;
        for (var i = 0; i < _runs.Length; i++)
            if (_runs[i].Count > 0) mask |= (byte)(1 << i);
        writer.Byte(mask);
        foreach (var run in _runs)
        {
            if (run.Count == 0) continue;
            writer.Varint((ulong)run.Count);
            writer.Time(run.Start);
        }
    }

    public static SustainedState Read(ref AlertStateReader reader)
    {
        var state = new SustainedState();
        var mask = reader.Byte();
        if (mask >> VitalFields.Count != 0) throw new InvalidDataException($"Alert state: unknown vitals in SUSTAINED mask 0x{mask:x2}.");
        for (var i = 0; i < VitalFields.Count; i++)
        {
            if ((mask & (1 << i)) == 0) continue;
            state._runs[i].Count = reader.Count();
            state._runs[i].Start = reader.Time();
        }
        return state;
    }
}
