namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>Draws the generator needs beyond <see cref="System.Random"/>'s.</summary>
internal static class RandomExtensions
{
    /// <summary>A standard normal draw (Box–Muller), from two uniform draws.</summary>
    public static double NextGaussian(this System.Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: the logarithm stays finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>True with probability <paramref name="chance"/>.</summary>
    public static bool Chance(this System.Random random, double chance) => random.NextDouble() < chance;
}
