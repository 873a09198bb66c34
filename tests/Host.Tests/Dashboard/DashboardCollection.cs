using Microsoft.Playwright;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Dashboard;

/// <summary>
/// The browser tests that share one <see cref="DashboardTestBed"/> (a cluster, two replicas, the sink, PostgreSQL, Chromium): run
/// one at a time, with the same deadlines for the pipeline and the page.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardTestBed>
{
    public const string Name = "dashboard";

    /// <summary>How long a test waits for the pipeline, PostgreSQL or the page.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary><see cref="Timeout"/> as Playwright's selector options.</summary>
    public static readonly PageWaitForSelectorOptions Within = new() { Timeout = 60_000 };
}
