using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>Runs a generic test method for a record of avro/ named in a theory's data.</summary>
public static class PerRecordType
{
    /// <summary>The names of avro/'s records, as theory data.</summary>
    public static TheoryData<string> Names => [.. Pulse.Schemas.SchemaCatalog.Records.Select(r => r.Name)];

    /// <summary>Calls <paramref name="method"/>&lt;pulse.vitals.<paramref name="record"/>&gt; on <paramref name="target"/> (a type, for a static method), rethrowing its own failure.</summary>
    public static void Run(object target, string method, string record)
    {
        var type = typeof(pulse.vitals.VitalReading).Assembly.GetType("pulse.vitals." + record)!;
        var owner = target as Type ?? target.GetType();
        var generic = owner.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)!;
        try
        {
            generic.MakeGenericMethod(type).Invoke(generic.IsStatic ? null : target, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }
}
