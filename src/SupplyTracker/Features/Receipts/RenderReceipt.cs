using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>
/// The receipt's PDF in the language it was issued in, or another on request. A receipt in force reprints the bytes
/// stored when it was issued; a void one is rendered afresh with its stamp, reason and date.
/// </summary>
public sealed record RenderReceipt(string Number, string? Language = null) : IQuery<RenderedDocument>;

public sealed class RenderReceiptHandler(SupplyTrackerDbContext db, CallerContext caller, InstalledFont font, IOptions<DocumentOptions> options,
    DeploymentTime time)
    : IQueryHandler<RenderReceipt, RenderedDocument>
{
    public async ValueTask<RenderedDocument> Handle(RenderReceipt query, CancellationToken cancellationToken)
    {
        var receipt = await db.DonorReceipts.VisibleTo(db, caller).AsNoTracking().FirstOrDefaultAsync(r => r.Number == query.Number, cancellationToken)
            ?? throw new NotFoundException(nameof(DonorReceipt), query.Number);
        var language = query.Language is null ? receipt.Language : ReceiptLanguage.Require(query.Language);
        var suffix = receipt.Status == ReceiptStatus.Void ? "-void" : "";
        var fileName = $"receipt-{receipt.Number}{suffix}.pdf";
        if (receipt.Status == ReceiptStatus.Valid)
        {
            var stored = await db.IssuedReceiptPdfs.AsNoTracking().Where(p => p.Number == receipt.Number && p.Language == language)
                .Select(p => p.Pdf).FirstOrDefaultAsync(cancellationToken);
            if (stored is not null) return new RenderedDocument(stored, fileName);
        }
        return new RenderedDocument(Render(font.Require(), options.Value, time, receipt, language), fileName);
    }

    public static byte[] Render(DocumentFont font, DocumentOptions settings, DeploymentTime time, DonorReceipt receipt, string language) =>
        DonorReceiptDocument.Render(font, ReceiptRendering.From(receipt.Content, language, receipt.Status, receipt.ReplacedByNumber,
            VerificationUrl(settings, receipt), settings) with
        {
            VoidReason = receipt.VoidReason,
            VoidedOn = receipt.VoidedAt is { } at ? DateOnly.FromDateTime(time.ToLocal(new DateTimeOffset(at, TimeSpan.Zero)).DateTime) : null,
        });

    /// <summary>Renders a just-issued receipt in its language and keeps the bytes, inside the issuing transaction.</summary>
    public static void Store(SupplyTrackerDbContext db, DocumentFont font, DocumentOptions settings, DeploymentTime time, DonorReceipt receipt) =>
        db.IssuedReceiptPdfs.Add(new IssuedReceiptPdf(receipt.Number, receipt.Language, Render(font, settings, time, receipt, receipt.Language)));

    public static string VerificationUrl(DocumentOptions options, DonorReceipt receipt) =>
        $"{options.PublicBaseUrl.TrimEnd('/')}/verify/{Uri.EscapeDataString(receipt.Number)}?c={receipt.VerificationCode}";
}
