using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pulse.Host.Observability;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// Gets a batch into Postgres whatever happens short of a fatal error:
/// <list type="number">
/// <item>records whose value did not read go to the dead-letter topic first;</item>
/// <item>the rest are written in one transaction (<see cref="BatchWriter"/>); a transient failure
/// sends the same records again in a new transaction (<see cref="DatabaseRetry"/>), serving the
/// consumer group between attempts, checking that the database kept what it acknowledged before,
/// and leaving out partitions this instance lost or rewound meanwhile;</item>
/// <item>when the database rejects a row for good, the batch is halved and each half written on its
/// own, down to the one record at fault, which goes to the dead-letter topic; its offset is then
/// committed with no row.</item>
/// </list>
/// Every transaction carries the offsets after the records it covers, in consume order, so the
/// offsets stored in Postgres only ever cover records whose rows (or dead letters) are safe.
/// </summary>
internal sealed class BatchFlusher(BatchWriter writer, DeadLetterPublisher deadLetters, DatabaseRetry retry, ILogger logger)
{
    /// <summary>Writes <paramref name="records"/> (in consume order); returns what the transactions wrote.</summary>
    /// <exception cref="SinkFatalException">The database refused something no row is to blame for, or retries ran out.</exception>
    public BatchOutcome Flush(IReadOnlyList<SinkRecord> records, IFlushHost host, CancellationToken cancellationToken)
    {
        // One span per batch, retries and dead letters as its events.
        using var activity = HostTracing.Source.StartActivity("sink.batch");
        activity?.SetTag("messaging.consumer.group.name", writer.ConsumerGroup);
        activity?.SetTag("sink.records", records.Count);
        foreach (var record in records)
        {
            if (record.Error is null || record.DeadLettered || !host.Owns(record.TopicPartition)) continue;
            logger.LogWarning("Record {Record} does not read ({Reason}); sent to {DeadLetterTopic}",
                record, DatabaseErrors.Describe(record.Error), deadLetters.Topic);
            deadLetters.Publish(record, SinkDeadLetterHeaders.Undeserializable, record.Error);
            activity?.AddEvent(new ActivityEvent("sink.dead_letter", tags: new ActivityTagsCollection { ["sink.reason"] = SinkDeadLetterHeaders.Undeserializable }));
        }
        var outcome = new BatchOutcome();
        try
        {
            WriteIsolating(records, host, outcome, cancellationToken);
        }
        catch (SinkFatalException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        activity?.SetTag("sink.rows_written", outcome.Tables.Values.Sum(t => t.Inserted));
        activity?.SetTag("sink.rows_already_present", outcome.Tables.Values.Sum(t => t.AlreadyPresent));
        return outcome;
    }

    private void WriteIsolating(IReadOnlyList<SinkRecord> records, IFlushHost host, BatchOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            outcome.Add(WriteWithRetry(records, host, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException && DatabaseErrors.Classify(e) == FailureKind.RowRejected)
        {
            var withRows = records.Where(r => r.HasRow && host.Owns(r.TopicPartition)).Take(2).ToList();
            if (withRows.Count == 0)
                throw new SinkFatalException($"The database refused the offsets of {records.Count} records, with no row to blame: {DatabaseErrors.Describe(e)}", e);
            if (withRows.Count == 1)
            {
                var culprit = withRows[0];
                logger.LogWarning("The database rejected the {Table} row of {Record} ({Reason}); sent to {DeadLetterTopic}",
                    culprit.Table, culprit, DatabaseErrors.Describe(e), deadLetters.Topic);
                deadLetters.Publish(culprit, SinkDeadLetterHeaders.Rejected, e);
                Activity.Current?.AddEvent(new ActivityEvent("sink.dead_letter", tags: new ActivityTagsCollection { ["sink.reason"] = SinkDeadLetterHeaders.Rejected }));
                WriteIsolating(records, host, outcome, cancellationToken);
                return;
            }
            logger.LogDebug("The database rejected a row among {Count} records ({Reason}); halving", records.Count, DatabaseErrors.Describe(e));
            var half = records.Count / 2;
            WriteIsolating(Slice(records, 0, half), host, outcome, cancellationToken);
            WriteIsolating(Slice(records, half, records.Count - half), host, outcome, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not SinkFatalException && DatabaseErrors.Classify(e) == FailureKind.Transient)
        {
            throw new SinkFatalException($"The database stayed unavailable through every retry: {DatabaseErrors.Describe(e)}", e);
        }
    }

    private BatchOutcome WriteWithRetry(IReadOnlyList<SinkRecord> records, IFlushHost host, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return retry.Execute($"writing a batch of {records.Count} records", () =>
        {
            if (attempt++ > 0)
            {
                Activity.Current?.AddEvent(new ActivityEvent("sink.retry", tags: new ActivityTagsCollection { ["sink.attempt"] = attempt }));
                host.ServeWhileWaiting();
                host.CheckStoredOffsets();
            }
            var owned = records.Where(r => host.Owns(r.TopicPartition)).ToList();
            return owned.Count == 0 ? new BatchOutcome() : writer.Write(owned);
        }, cancellationToken);
    }

    private static SinkRecord[] Slice(IReadOnlyList<SinkRecord> records, int start, int count)
    {
        var slice = new SinkRecord[count];
        for (var i = 0; i < count; i++) slice[i] = records[start + i];
        return slice;
    }
}
