using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Dashboard;

/// <summary>The browser tests that share one <see cref="DashboardTestBed"/> (a cluster, two replicas, the sink, PostgreSQL, Chromium): run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardTestBed>
{
    public const string Name = "dashboard";
}
