using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Mail;

/// <summary>Turns an outbox message into MIME and hands it to the configured SMTP server with MailKit.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, TimeProvider clock)
{
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Mail:Host is not set."), o.Port, SocketOptions(o.TlsMode), cancellationToken);
            if (!string.IsNullOrEmpty(o.UserName))
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Returns once the server accepted the message (its reply to DATA); throws with the server's answer otherwise.</summary>
    public async Task SendAsync(SmtpClient client, OutboxMessage message, CancellationToken cancellationToken) =>
        await client.SendAsync(Compose(message), cancellationToken);

    /// <summary>multipart/mixed: multipart/alternative (plain text, HTML) and the attachments.</summary>
    public MimeMessage Compose(OutboxMessage message)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = clock.GetUtcNow(),
            MessageId = message.MessageId?.Trim('<', '>') ?? throw new InvalidOperationException("Claim the message before sending it."),
        };
        mime.From.Add(options.Value.Sender);
        mime.To.Add(MailboxAddress.Parse(message.ToAddress));
        // RFC 3834: a machine wrote this; auto-responders should not answer it.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Headers.Add("Content-Language", message.Language);

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments)
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>The server's answer (code and text) for the outbox's LastError, and whether retrying can help.</summary>
    public static (string Error, bool Permanent) Describe(Exception exception) => exception switch
    {
        SmtpCommandException c => ($"{(int)c.StatusCode} {c.Message}".Trim(), (int)c.StatusCode >= 500),
        SmtpProtocolException p => ($"SMTP protocol error: {p.Message}", false),
        AuthenticationException a => ($"SMTP authentication failed: {a.Message}", false),
        _ => ($"{exception.GetType().Name}: {exception.Message}", false),
    };

    private static SecureSocketOptions SocketOptions(MailTlsMode mode) => mode switch
    {
        MailTlsMode.None => SecureSocketOptions.None,
        MailTlsMode.StartTls => SecureSocketOptions.StartTls,
        MailTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
