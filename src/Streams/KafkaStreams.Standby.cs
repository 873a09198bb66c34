using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Runtime;
using Pulse.Streams.Internal.Runtime.Standby;

namespace Pulse.Streams;

/// <summary>The membership thread of an instance: heartbeats on the members topic, and standby replicas (<see cref="StreamsConfig.NumStandbyReplicas"/>).</summary>
public sealed partial class KafkaStreams
{
    private MembershipThread? _membershipThread;

    /// <summary>The tasks this instance keeps as standbys now (tests and diagnostics).</summary>
    internal IReadOnlyList<TaskId> StandbyTasks => _runtime?.Membership?.Tasks.Open ?? [];

    /// <summary>The membership channel, when it runs (tests and diagnostics).</summary>
    internal Membership? Membership => _runtime?.Membership;

    /// <summary>Starts the membership thread when standbys or <see cref="StreamsConfig.ApplicationServer"/> need it.</summary>
    private void StartMembershipThread()
    {
        if (_runtime!.Membership is not { } membership) return;
        _membershipThread = new MembershipThread(_runtime, membership, OnMembershipThreadFailed);
        _membershipThread.Start();
    }

    /// <summary>Other instances would place standbys on, and route queries to, an instance they cannot see: stop, as for a failed stream thread.</summary>
    private void OnMembershipThreadFailed(Exception exception)
    {
        lock (_gate)
        {
            if (State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning or KafkaStreamsState.Error) return;
            _logger.LogError(exception, "The membership thread failed; shutting down");
            Failure = exception;
            foreach (var t in _threads) t.RequestStop();
            _globalThread?.RequestStop();
            SetState(KafkaStreamsState.Error);
        }
    }

    /// <summary>Asks the membership thread to close its standbys and leave; false when it did not end within <paramref name="timeout"/>.</summary>
    private bool StopMembershipThread(TimeSpan timeout)
    {
        if (_membershipThread is not { } thread) return true;
        thread.RequestStop();
        return thread.Join(timeout);
    }

    private void KillMembershipThread()
    {
        _membershipThread?.Kill();
        _membershipThread?.Join(TimeSpan.FromSeconds(30));
    }
}
