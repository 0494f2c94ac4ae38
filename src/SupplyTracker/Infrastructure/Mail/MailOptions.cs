using MimeKit;

namespace SupplyTracker.Infrastructure.Mail;

public enum MailTlsMode { None, StartTls, SslOnConnect, Auto }

/// <summary>The "Mail" configuration section: the SMTP server and how the outbox worker paces itself.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The SMTP server; without it mail stays queued and the API says mail is not configured.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public MailTlsMode TlsMode { get; set; } = MailTlsMode.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "蘭州市公安局高新分局 <noreply@example.org>";
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxAttempts { get; set; } = 6;
    /// <summary>The wait after the first failed attempt; it doubles with every further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);
    /// <summary>How long a message may stay in Sending before it is taken for dead and sent again (same Message-ID).</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Per SMTP operation (connect, each command).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Messages sent in one round of the worker at most.</summary>
    public int BatchSize { get; set; } = 50;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public MailboxAddress Sender => MailboxAddress.Parse(From);

    public TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = RetryBaseDelay * factor;
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    public static bool HasValidSender(MailOptions options) => MailboxAddress.TryParse(options.From, out _);
}
