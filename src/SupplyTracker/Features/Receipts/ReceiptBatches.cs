using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Threading.Channels;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReceiptBatchStatus>))]
public enum ReceiptBatchStatus { Queued, Running, Done }

/// <summary>
/// Receipts for every unreceipted, fully inspected donation received in a date range, issued one by one in the
/// background (each in its own transaction) while the caller watches the progress resource.
/// </summary>
public sealed class ReceiptBatch(Guid id, DateOnly from, DateOnly to, string? language, ClaimsPrincipal requestedBy, CultureInfo culture)
{
    private readonly ConcurrentQueue<string> _numbers = new();
    private readonly ConcurrentQueue<ReceiptBatchError> _errors = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid Id { get; } = id;
    public DateOnly From { get; } = from;
    public DateOnly To { get; } = to;
    public string? Language { get; } = language;
    internal ClaimsPrincipal RequestedBy { get; } = requestedBy;
    internal CultureInfo Culture { get; } = culture;
    public ReceiptBatchStatus Status { get; internal set; } = ReceiptBatchStatus.Queued;
    public int Total { get; internal set; }
    public int Issued => _numbers.Count;
    public int Failed => _errors.Count;
    public IReadOnlyList<string> Numbers => [.. _numbers];
    public IReadOnlyList<ReceiptBatchError> Errors => [.. _errors];

    /// <summary>Completes when the batch is done (for tests and callers in this process).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Task Completion => _completion.Task;

    internal void Finish()
    {
        Status = ReceiptBatchStatus.Done;
        _completion.TrySetResult();
    }

    internal void Succeeded(string number) => _numbers.Enqueue(number);
    internal void Fail(int donationId, string message) => _errors.Enqueue(new ReceiptBatchError(donationId, message));
}

public sealed record ReceiptBatchError(int DonationId, string Message);

/// <summary>Batches of this process (a restart forgets the progress, never the receipts already issued).</summary>
public sealed class ReceiptBatches
{
    private readonly ConcurrentDictionary<Guid, ReceiptBatch> _batches = new();
    private readonly Channel<ReceiptBatch> _queue = Channel.CreateUnbounded<ReceiptBatch>();

    internal ChannelReader<ReceiptBatch> Queue => _queue.Reader;

    public ReceiptBatch Start(DateOnly from, DateOnly to, string? language, ClaimsPrincipal requestedBy)
    {
        if (to < from) throw new DomainValidationException("to", ErrorCodes.RangeEndBeforeStart);
        if (to.DayNumber - from.DayNumber > 366) throw new DomainValidationException("to", ErrorCodes.ReceiptBatchTooLong);
        if (language is not null && !ReceiptLanguage.All.Contains(language, StringComparer.OrdinalIgnoreCase))
            throw new DomainValidationException("language", ErrorCodes.FieldLanguage);
        var batch = new ReceiptBatch(Guid.NewGuid(), from, to, language, requestedBy, CultureInfo.CurrentUICulture);
        _batches[batch.Id] = batch;
        _queue.Writer.TryWrite(batch);
        return batch;
    }

    public ReceiptBatch? Find(Guid id) => _batches.GetValueOrDefault(id);
}

public sealed class ReceiptBatchWorker(ReceiptBatches batches, IServiceScopeFactory scopes,
    ILogger<ReceiptBatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in batches.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(batch, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Receipt batch {Batch} stopped", batch.Id);
            }
            batch.Finish();
        }
    }

    private async Task RunAsync(ReceiptBatch batch, CancellationToken cancellationToken)
    {
        batch.Status = ReceiptBatchStatus.Running;
        List<int> donations;
        await using (var scope = Scope(batch))
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var caller = scope.ServiceProvider.GetRequiredService<CallerContext>();
            donations = await db.Donations.VisibleTo(caller)
                .Where(d => d.ReceivedOn >= batch.From && d.ReceivedOn <= batch.To)
                .Where(d => !d.Lines.Any(l => l.Disposition == LineDisposition.Pending || l.Disposition == LineDisposition.Quarantined))
                .Where(d => !db.DonorReceipts.Any(r => r.DonationId == d.Id && r.Status == ReceiptStatus.Valid))
                .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        }
        batch.Total = donations.Count;
        foreach (var donationId in donations)
        {
            await using var scope = Scope(batch);
            try
            {
                batch.Succeeded(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new IssueReceipt(donationId, batch.Language), cancellationToken));
            }
            catch (Exception e) when (e is DomainRuleException or DomainValidationException or NotFoundException or FluentValidation.ValidationException)
            {
                batch.Fail(donationId, e.Message);
            }
        }
    }

    // The requester is the one who issues: audit fields and scoping see them, not "system".
    private AsyncServiceScope Scope(ReceiptBatch batch)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(batch.RequestedBy, batch.Culture);
        return scope;
    }
}

/// <summary>The PDFs of a finished batch as one zip (built in memory: ZipArchive writes synchronously on dispose).</summary>
public static class ReceiptBatchArchive
{
    public static async Task WriteZipAsync(ReceiptBatch batch, IMediator mediator, Stream output, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var number in batch.Numbers)
            {
                var document = await mediator.Send(new RenderReceipt(number), cancellationToken);
                using var stream = zip.CreateEntry(document.FileName, CompressionLevel.Fastest).Open();
                stream.Write(document.Pdf);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }
}
