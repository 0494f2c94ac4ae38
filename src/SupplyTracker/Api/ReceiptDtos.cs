using System.ComponentModel.DataAnnotations;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

public sealed class DonorReceiptDto
{
    [Key] public string Number { get; set; } = "";
    public int DonationId { get; set; }
    public int Year { get; set; }
    public int Sequence { get; set; }
    public string Language { get; set; } = "";
    public ReceiptStatus Status { get; set; }
    public DateTime IssuedAt { get; set; }
    public string IssuedBy { get; set; } = "";
    public string? ReplacesNumber { get; set; }
    public string? ReplacedByNumber { get; set; }
    public DateTime? VoidedAt { get; set; }
    public string? VoidedBy { get; set; }
    public string? VoidReason { get; set; }
    /// <summary>The code in the QR link: /verify/{number}?c={code}.</summary>
    public string VerificationCode { get; set; } = "";
    public int Version { get; set; }
    /// <summary>Delivery of the receipt mail: null when none was queued (no email address), else Queued, Sending, Sent or Failed.</summary>
    public OutboxStatus? MailStatus { get; set; }
    /// <summary>The mail server's last answer when delivery failed or is being retried.</summary>
    public string? MailError { get; set; }
    public long? OutboxMessageId { get; set; }
}
