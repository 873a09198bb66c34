using Pulse.Streams.Internal.Runtime.Standby;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>The rendezvous placement of standby replicas: every instance computes it alone and must agree with the others.</summary>
public class StandbyPlacementTests
{
    private static readonly string[] Instances = ["a1", "b2", "c3", "d4"];
    private static readonly List<TaskId> Tasks = [.. Enumerable.Range(0, 3).SelectMany(s => Enumerable.Range(0, 16).Select(p => new TaskId(s, p)))];

    [Fact]
    public void Ranking_IsDeterministic_WhateverOrderTheInstancesComeIn()
    {
        foreach (var task in Tasks)
        {
            var ranked = StandbyPlacement.Rank(task, Instances);

            Assert.Equal(ranked, StandbyPlacement.Rank(task, Instances.Reverse()));
            Assert.Equal(ranked, StandbyPlacement.Rank(task, [.. Instances.Skip(2), .. Instances.Take(2), "a1"]));
            Assert.Equal(Instances.Order(StringComparer.Ordinal), ranked.Order(StringComparer.Ordinal));
        }
        // A fixed hash, not string.GetHashCode (which differs between processes): pinned so a change is seen.
        Assert.Equal(["a1", "c3", "d4", "b2"], StandbyPlacement.Rank(new TaskId(0, 0), Instances));
    }

    [Fact]
    public void Standbys_SkipTheActiveOwner()
    {
        foreach (var task in Tasks)
        {
            var owner = StandbyPlacement.Rank(task, Instances)[0]; // the instance the hash likes best runs it
            var standbys = StandbyPlacement.StandbysFor(task, Instances, new HashSet<string> { owner }, replicas: 2);

            Assert.Equal(2, standbys.Count);
            Assert.DoesNotContain(owner, standbys);
            Assert.Equal(StandbyPlacement.Rank(task, Instances).Skip(1).Take(2), standbys);
        }
    }

    [Fact]
    public void FewerInstancesThanReplicas_GivesEachTaskAsManyAsThereAre()
    {
        var task = new TaskId(1, 3);

        Assert.Equal(["b2"], StandbyPlacement.StandbysFor(task, ["a1", "b2"], new HashSet<string> { "a1" }, replicas: 3));
        Assert.Empty(StandbyPlacement.StandbysFor(task, ["a1"], new HashSet<string> { "a1" }, replicas: 1));
        Assert.Empty(StandbyPlacement.StandbysFor(task, Instances, new HashSet<string>(), replicas: 0));
    }

    [Fact]
    public void EveryInstance_ComputesItsOwnShare_AndTheSharesCoverEachTaskOncePerReplica_NeverWhereItIsActive()
    {
        // Tasks run round-robin on the four instances; each instance asks only for its own standbys.
        var active = Instances.ToDictionary(i => i, i => (IReadOnlySet<TaskId>)Tasks.Where((_, n) => Instances[n % Instances.Length] == i).ToHashSet());

        var shares = Instances.ToDictionary(i => i, i => StandbyPlacement.StandbysOf(i, Tasks, active, replicas: 2));

        foreach (var task in Tasks)
        {
            var holders = shares.Where(s => s.Value.Contains(task)).Select(s => s.Key).ToList();
            Assert.Equal(2, holders.Count);
            Assert.DoesNotContain(holders, h => active[h].Contains(task));
        }
        Assert.All(shares.Values, share => Assert.InRange(share.Count, Tasks.Count * 2 / 4 / 2, Tasks.Count * 2 / 4 * 2)); // spread, not piled on one
    }

    [Fact]
    public void ATaskNoInstanceRuns_GetsNoStandby()
    {
        var active = new Dictionary<string, IReadOnlySet<TaskId>> { ["a1"] = new HashSet<TaskId> { new(0, 0) }, ["b2"] = new HashSet<TaskId>() };

        Assert.Equal([new TaskId(0, 0)], StandbyPlacement.StandbysOf("b2", [new(0, 0), new(0, 1)], active, replicas: 1));
        Assert.Empty(StandbyPlacement.StandbysOf("a1", [new(0, 0), new(0, 1)], active, replicas: 1));
    }

    [Fact]
    public void AnInstanceLeaving_MovesOnlyTheStandbysItHeld()
    {
        var none = new HashSet<string>();
        var before = Tasks.ToDictionary(t => t, t => StandbyPlacement.StandbysFor(t, Instances, none, replicas: 1).Single());

        var after = Tasks.ToDictionary(t => t, t => StandbyPlacement.StandbysFor(t, Instances.Where(i => i != "c3"), none, replicas: 1).Single());

        Assert.All(Tasks.Where(t => before[t] != "c3"), t => Assert.Equal(before[t], after[t]));
        Assert.Contains(Tasks, t => before[t] == "c3");
    }

    [Fact]
    public void MemberRecord_RoundTrips_AndATombstoneOrGarbageReadsAsNothing()
    {
        var record = new MemberRecord("a1", "host-1:8080", [new TaskId(0, 1), new TaskId(2, 13)], [new TaskId(1, 0)], 1_700_000_000_123);

        var read = MemberRecord.Decode(MemberRecord.EncodeKey("a1"), record.EncodeValue());

        Assert.NotNull(read);
        Assert.Equal(("a1", "host-1:8080", 1_700_000_000_123L), (read.InstanceId, read.ApplicationServer, read.TimestampMs));
        Assert.Equal(record.Active, read.Active);
        Assert.Equal(record.Standby, read.Standby);
        Assert.Null(MemberRecord.Decode(MemberRecord.EncodeKey("a1"), null));
        Assert.Null(MemberRecord.Decode(MemberRecord.EncodeKey("a1"), "not json"u8.ToArray()));
    }

    [Fact]
    public void MembershipView_KeepsTheLatestHeartbeat_ExpiresSilentMembers_AndDropsOnesThatLeft()
    {
        var view = new MembershipView(TimeSpan.FromSeconds(10));
        view.Apply("a1", new MemberRecord("a1", null, [new TaskId(0, 0)], [], 1_000));
        view.Apply("b2", new MemberRecord("b2", null, [new TaskId(0, 1)], [], 5_000));
        var version = view.Version;

        view.Apply("a1", new MemberRecord("a1", null, [new TaskId(0, 0)], [], 6_000)); // a bare heartbeat
        Assert.Equal(version, view.Version);
        Assert.Equal(["a1", "b2"], view.Live(12_000).Select(m => m.InstanceId));
        Assert.Equal(["a1"], view.Live(15_500).Select(m => m.InstanceId)); // b2 silent for 10.5 s

        view.Apply("a1", null);
        Assert.NotEqual(version, view.Version);
        Assert.DoesNotContain(view.Live(12_000), m => m.InstanceId == "a1");
    }
}
