using System.Runtime.InteropServices;
using Confluent.Kafka;
using Pulse.Streams;
using Pulse.Streams.TestApp;

// One KafkaStreams instance of EchoCountTopology, for tests that run several OS processes.
// Protocol on stdout, one line each: "STATE <old> <new>", "RUNNING" (every time the instance reaches
// Running), "ERROR <message>" and "CLOSED". Stops cleanly on SIGTERM, Ctrl+C, or when stdin closes
// (the test process died: no orphan keeps consuming).
AppOptions options;
try
{
    options = AppOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(AppOptions.Usage);
    return 2;
}

var config = new StreamsConfig
{
    ApplicationId = options.ApplicationId,
    BootstrapServers = options.Bootstrap,
    StateDir = options.StateDir,
    ProcessingGuarantee = options.Guarantee,
    NumStreamThreads = options.Threads,
    LoggerFactory = new StderrLoggerFactory(),
    Consumer = new ConsumerConfig { SessionTimeoutMs = options.SessionTimeoutMs, HeartbeatIntervalMs = options.SessionTimeoutMs / 6 },
};
if (options.CommitIntervalMs is int commitMs) config.CommitInterval = TimeSpan.FromMilliseconds(commitMs);
using var topics = new PrecreatedTopics(options.Bootstrap);
if (!options.AdminTopicCreator) config.TopicCreator = topics;

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var streams = new KafkaStreams(EchoCountTopology.Build(options.Instance), config);
streams.StateChanged += change =>
{
    Console.WriteLine($"STATE {change.OldState} {change.NewState}");
    if (change.NewState == KafkaStreamsState.Running) Console.WriteLine("RUNNING");
    if (change.NewState == KafkaStreamsState.Error) stop.TrySetResult();
};

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true; // close cleanly below instead of the runtime's default exit
    stop.TrySetResult();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
_ = Task.Run(() =>
{
    while (Console.In.Read() >= 0)
    {
        // Input is ignored; only its end matters.
    }
    stop.TrySetResult();
});

try
{
    streams.Start();
}
catch (Exception ex)
{
    Console.WriteLine($"ERROR {ex.GetType().Name}: {ex.Message}");
    return 1;
}
await stop.Task;
var closed = await streams.CloseAsync(TimeSpan.FromSeconds(20));
if (streams.State == KafkaStreamsState.Error || streams.Failure is not null)
{
    Console.WriteLine($"ERROR {streams.Failure?.GetType().Name}: {streams.Failure?.Message}");
    Console.Error.WriteLine(streams.Failure);
    return 1;
}
Console.WriteLine(closed ? "CLOSED" : "ERROR close timed out");
return closed ? 0 : 1;
