using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pulse.Host.Tests.Architecture;

/// <summary>
/// The structure every Pulse assembly keeps: no namespace shares its name with a type (so no code has to
/// write <c>Streams.Topology</c> or <c>Serdes.Serdes</c>), and everything under an <c>Internal</c>
/// namespace is internal.
/// </summary>
public class StructureTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(Pulse.Streams.Topology).Assembly,
        typeof(Pulse.Streams.Testing.TopologyTestDriver).Assembly,
        typeof(Pulse.Schemas.AvroSerdes).Assembly,
        typeof(Pulse.Vitals.VitalsTopology).Assembly,
        typeof(Pulse.Host.Sink.PostgresSink).Assembly,
    ];

    private static IEnumerable<Type> Types => Assemblies.SelectMany(a => a.GetTypes())
        .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && t.Namespace is not null && !t.Name.StartsWith('<'));

    [Fact]
    public void Namespaces_ShareNoNameWithAType()
    {
        var typeNames = Types.Where(t => !t.IsNested).Select(t => t.Name.Split('`')[0]).ToHashSet(StringComparer.Ordinal);
        var clashes = Types.Select(t => t.Namespace!).Distinct()
            .SelectMany(ns => ns.Split('.').Select(segment => (Namespace: ns, Segment: segment)))
            .Where(x => typeNames.Contains(x.Segment))
            .Select(x => $"{x.Namespace} ('{x.Segment}' is also a type)")
            .Distinct()
            .ToList();

        Assert.True(clashes.Count == 0, "namespaces that shadow a type: " + string.Join(", ", clashes));
    }

    [Fact]
    public void InternalNamespaces_HoldNoPublicType()
    {
        var exposed = Types.Where(t => t.Namespace!.Split('.').Contains("Internal") && (t.IsPublic || t.IsNestedPublic && t.DeclaringType!.IsPublic))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(exposed.Count == 0, "public types under Internal: " + string.Join(", ", exposed));
    }
}
