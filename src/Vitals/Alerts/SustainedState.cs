namespace Pulse.Vitals.Alerts;

/// <summary>
/// One vital's critical run and SUSTAINED episode. Invariant: <see cref="RunCount"/> counts the
/// consecutive readings with the vital critical, from <see cref="RunStart"/>; <see cref="LastCritical"/>
/// is the latest such reading; <see cref="EpisodeStart"/> means something only while <see cref="Open"/>.
/// </summary>
internal struct VitalRun
{
    public long RunStart;
    public int RunCount;
    public long LastCritical;
    public bool Open;
    public long EpisodeStart;

    public readonly bool Active => RunCount > 0 || Open;
}

/// <summary>A patient's SUSTAINED runs, one per <see cref="Vital"/>; only active ones are encoded.</summary>
internal sealed class SustainedState
{
    private const byte OpenFlag = 1;
    private readonly VitalRun[] _runs = new VitalRun[VitalFields.Count];

    public const int MaxEncodedSize = 1 + VitalFields.Count * (1 + 4 * StateWriter.MaxVarint);

    public ref VitalRun this[Vital vital] => ref _runs[(int)vital];

    /// <summary>A byte with a bit per active vital; then per active vital: flags, run count, last critical, run start (if counting), episode start (if open).</summary>
    public void Write(ref StateWriter writer)
    {
        byte mask = 0;
        for (var i = 0; i < _runs.Length; i++)
            if (_runs[i].Active) mask |= (byte)(1 << i);
        writer.Byte(mask);
        for (var i = 0; i < _runs.Length; i++)
        {
            ref var run = ref _runs[i];
            if (!run.Active) continue;
            writer.Byte(run.Open ? OpenFlag : (byte)0);
            writer.Varint((ulong)run.RunCount);
            writer.Time(run.LastCritical);
            if (run.RunCount > 0) writer.Time(run.RunStart);
            if (run.Open) writer.Time(run.EpisodeStart);
        }
    }

    public void Read(ref StateReader reader)
    {
        var mask = reader.Byte();
        if (mask >> VitalFields.Count != 0) throw new InvalidDataException($"Alert state: unknown vitals in SUSTAINED mask 0x{mask:x2}.");
        for (var i = 0; i < _runs.Length; i++)
        {
            ref var run = ref _runs[i];
            run = default;
            if ((mask & (1 << i)) == 0) continue;
            run.Open = (reader.Byte() & OpenFlag) != 0;
            run.RunCount = reader.Int();
            run.LastCritical = reader.Time();
            if (run.RunCount > 0) run.RunStart = reader.Time();
            if (run.Open) run.EpisodeStart = reader.Time();
        }
    }
}
