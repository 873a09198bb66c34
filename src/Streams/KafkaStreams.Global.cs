using Microsoft.Extensions.Logging;
using Pulse.Streams.Internal.Runtime;

namespace Pulse.Streams;

/// <summary>The global stream thread of an instance whose topology has global tables.</summary>
public sealed partial class KafkaStreams
{
    private GlobalStreamThread? _globalThread;

    /// <summary>Starts the global thread when the topology has global tables; false when it has none.</summary>
    private bool StartGlobalThread()
    {
        if (_runtime!.GlobalTasks.Count == 0) return false;
        _globalThread = new GlobalStreamThread(_runtime, OnGlobalStoresBootstrapped, OnGlobalThreadFailed);
        _globalThread.Start();
        return true;
    }

    private void StartStreamThreads()
    {
        for (var i = 0; i < _config.NumStreamThreads; i++) StartThread();
    }

    /// <summary>The global stores are complete as of start: the stream threads may start (unless the instance is already closing).</summary>
    private void OnGlobalStoresBootstrapped()
    {
        lock (_gate)
        {
            if (State == KafkaStreamsState.Rebalancing && _threads.Count == 0) StartStreamThreads();
        }
    }

    /// <summary>Without up-to-date global stores joins would go wrong silently: the instance stops, as Kafka's does.</summary>
    private void OnGlobalThreadFailed(Exception exception)
    {
        lock (_gate)
        {
            if (State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning or KafkaStreamsState.Error) return;
            _logger.LogError(exception, "The global stream thread failed; shutting down");
            Failure = exception;
            foreach (var t in _threads) t.RequestStop();
            _membershipThread?.RequestStop();
            SetState(KafkaStreamsState.Error);
        }
    }

    /// <summary>Stops the global thread after the stream threads (they read its stores until they stop); false on timeout.</summary>
    private bool StopGlobalThread(TimeSpan timeout)
    {
        if (_globalThread is not { } global) return true;
        global.RequestStop();
        return global.Join(timeout);
    }

    private void KillGlobalThread()
    {
        _globalThread?.Kill();
        _globalThread?.Join(TimeSpan.FromSeconds(30));
    }
}
