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
public sealed class MailApp : ApiFactory
{
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMinutes(1);
    public const int MaxAttempts = 3;

    private readonly int? _smtpPort;
    private readonly TimeSpan _pollInterval;

    public MailApp(int? smtpPort, TestDatabase? database = null, bool ownsDatabase = true, DateTimeOffset? start = null, TimeSpan? pollInterval = null)
        : base(database ?? NewDatabase(), ownsDatabase)
    {
        _smtpPort = smtpPort;
        _pollInterval = pollInterval ?? TimeSpan.FromDays(1);
        // Whole seconds: PostgreSQL keeps microseconds, so a finer start would not read back equal.
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero));
    }

    public FakeTimeProvider Clock { get; }

    public TimeSpan PollInterval => _pollInterval;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        if (_smtpPort is { } port)
        {
            builder.UseSetting("Mail:Host", "127.0.0.1");
            builder.UseSetting("Mail:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Mail:TlsMode", "None");
        }
        builder.UseSetting("Mail:PollInterval", _pollInterval.ToString());
        builder.UseSetting("Mail:RetryBaseDelay", RetryBaseDelay.ToString());
        builder.UseSetting("Mail:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
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
