using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Pulse.Schemas.Registry;

/// <summary>
/// Confluent's compatibility levels over Avro's schema resolution (<see cref="AvroSchema.CanRead"/>):
/// BACKWARD means a consumer on the new schema reads data written with the old one, FORWARD the
/// reverse, FULL both; the transitive levels check every earlier version, the others the latest.
/// </summary>
internal static class AvroCompatibility
{
    /// <summary>
    /// The version (1-based, within <paramref name="earlier"/>) that <paramref name="candidate"/>
    /// conflicts with under <paramref name="level"/>, or null when it is compatible.
    /// </summary>
    public static int? FirstConflict(AvroSchema candidate, IReadOnlyList<AvroSchema> earlier, Compatibility level)
    {
        if (level == Compatibility.None || earlier.Count == 0)
            return null;
        var transitive = level is Compatibility.BackwardTransitive or Compatibility.ForwardTransitive or Compatibility.FullTransitive;
        var backward = level is Compatibility.Backward or Compatibility.BackwardTransitive or Compatibility.Full or Compatibility.FullTransitive;
        var forward = level is Compatibility.Forward or Compatibility.ForwardTransitive or Compatibility.Full or Compatibility.FullTransitive;
        for (var i = earlier.Count - 1; i >= (transitive ? 0 : earlier.Count - 1); i--)
        {
            var old = earlier[i];
            if ((backward && !candidate.CanRead(old)) || (forward && !old.CanRead(candidate)))
                return i + 1;
        }
        return null;
    }
}
