using System.Net.Http.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Infrastructure.Mail;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Infrastructure.Mail;

/// <summary>
/// The seeded app with a clock the test moves and, when given a port, the outbox pointed at a loopback SMTP server.
/// The worker's own timer waits a day unless told otherwise, so tests drive rounds with <see cref="SendDueMailAsync"/>.
/// </summary>
public sealed class MailApp(int? smtpPort, TestDatabase? database = null, bool ownsDatabase = true, DateTimeOffset? start = null, TimeSpan? pollInterval = null)
    : ApiFactory(new TestAppOptions
    {
        Database = database,
        OwnsDatabase = database is null || ownsDatabase,
        Start = start,
        Settings = Settings(smtpPort, pollInterval ?? TimeSpan.FromDays(1)),
    })
{
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMinutes(1);
    public const int MaxAttempts = 3;

    public TimeSpan PollInterval { get; } = pollInterval ?? TimeSpan.FromDays(1);

    private static Dictionary<string, string?> Settings(int? smtpPort, TimeSpan pollInterval)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mail:PollInterval"] = pollInterval.ToString(),
            ["Mail:RetryBaseDelay"] = RetryBaseDelay.ToString(),
            ["Mail:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (smtpPort is { } port)
        {
            settings["Mail:Host"] = "127.0.0.1";
            settings["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Mail:TlsMode"] = "None";
        }
        return settings;
    }

    /// <summary>One round of the outbox worker, as its timer would run it.</summary>
    public Task<int> SendDueMailAsync() => Services.GetRequiredService<OutboxWorker>().SendDueMessagesAsync();

    public async Task<Donor> DonorAsync(string language)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        return await db.Donors.AsNoTracking().OrderBy(d => d.Id).FirstAsync(d => d.PreferredLanguage == language && d.Email != null);
    }

    /// <summary>What IssueReceipt will do: compose the receipt mail and queue it through the outbox seam, in one command.</summary>
    public async Task<long> QueueReceiptAsync(Donor donor, string receiptNumber, byte[] pdf)
    {
        var mail = ReceiptMail.Compose(donor, receiptNumber, $"https://supplytracker.example.org/verify/{receiptNumber}", pdf);
        await using var scope = Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new QueueDonorMail(donor.Id, MailKind.Receipt, null, receiptNumber,
            mail.Language, mail.Subject, mail.TextBody, mail.HtmlBody, mail.Attachments));
        return id ?? throw new InvalidOperationException($"Donor {donor.Id} has no email address.");
    }

    public async Task<OutboxMessage> MessageAsync(long id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<System.Text.Json.JsonElement> MessageOverApiAsync(long id) => await AdminClient.GetJsonAsync($"/odata/OutboxMessages({id})");

    public async Task<HttpResponseMessage> PostAsync(string url, object body) => await AdminClient.PostAsJsonAsync(url, body);
}
