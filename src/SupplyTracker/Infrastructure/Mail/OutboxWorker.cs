using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Mail;

/// <summary>
/// Sends due outbox messages every <see cref="MailOptions.PollInterval"/>. Each message is claimed (Sending, with a
/// lease) in its own commit before the SMTP conversation, marked Sent only after the server accepted it, and retried
/// with exponential back-off otherwise. Several instances may run: the claim is an optimistic update.
/// </summary>
public sealed partial class OutboxWorker(IServiceScopeFactory scopes, SmtpMailSender sender, IOptions<MailOptions> options,
    TimeProvider clock, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            LogNotConfigured(logger);
            return;
        }
        using var timer = new PeriodicTimer(o.PollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SendDueMessagesAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a message caught mid-send stays in Sending and is sent again after its lease.
        }
    }

    /// <summary>One round: sends what is due, up to <see cref="MailOptions.BatchSize"/>; returns how many the server accepted.</summary>
    public async Task<int> SendDueMessagesAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (!o.IsConfigured) return 0;
        var accepted = 0;
        SmtpClient? client = null;
        try
        {
            for (var i = 0; i < o.BatchSize; i++)
            {
                await using var scope = scopes.CreateAsyncScope();
                // The worker is a door of its own: it acts as the system, explicitly.
                scope.ServiceProvider.GetRequiredService<CallerContext>().SetSystem("outbox");
                var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
                var message = await ClaimNextAsync(db, o, cancellationToken);
                if (message is null) break;

                var connected = client is not null;
                try
                {
                    client ??= await sender.ConnectAsync(cancellationToken);
                    connected = true;
                    await sender.SendAsync(client, message, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var (error, permanent) = SmtpMailSender.Describe(e);
                    message.RecordFailure(Now, error, permanent, o.MaxAttempts, o.RetryDelay(message.Attempts));
                    await db.SaveChangesAsync(CancellationToken.None);
                    LogAttemptFailed(logger, message.Id, message.Attempts, message.Status, error);
                    client?.Dispose();
                    client = null;
                    // The server cannot be reached: the other messages wait for the next round with their attempts intact.
                    if (!connected) break;
                    continue;
                }

                // Accepted by the server: from here on nothing may cancel recording it.
                message.MarkSent(Now);
                await db.SaveChangesAsync(CancellationToken.None);
                accepted++;
            }
        }
        finally
        {
            if (client is not null)
            {
                try
                {
                    await client.DisconnectAsync(quit: true, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The mail is already accepted; a failed QUIT changes nothing.
                }
                client.Dispose();
            }
        }
        return accepted;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<OutboxMessage?> ClaimNextAsync(SupplyTrackerDbContext db, MailOptions o, CancellationToken cancellationToken)
    {
        for (var race = 0; race < 10; race++)
        {
            var now = Now;
            var message = await db.OutboxMessages.Include(m => m.Attachments)
                .Where(m => (m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now)
                    || (m.Status == OutboxStatus.Sending && m.LeaseUntil <= now))
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (message is null) return null;
            message.Claim(now, o.LeaseTimeout);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return message;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another worker claimed it first.
                db.ChangeTracker.Clear();
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail:Host is not set: donor mail stays queued until an SMTP server is configured.")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox round failed.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id}, attempt {Attempts}: {Status} after {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long id, int attempts, OutboxStatus status, string error);
}
