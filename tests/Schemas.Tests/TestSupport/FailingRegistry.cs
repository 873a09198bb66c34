using System.Reflection;
using Confluent.SchemaRegistry;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>A registry client whose every call throws the given exception, e.g. an unreachable registry.</summary>
public class FailingRegistry : DispatchProxy
{
    private Exception error = new InvalidOperationException("not configured");

    public static ISchemaRegistryClient Throwing(Exception error)
    {
        var proxy = Create<ISchemaRegistryClient, FailingRegistry>();
        ((FailingRegistry)(object)proxy).error = error;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == nameof(IDisposable.Dispose) ? null : throw error;
}
