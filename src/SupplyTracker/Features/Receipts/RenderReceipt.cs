using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Receipts;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>The receipt's PDF in the language it was issued in, or another on request; void and reissued receipts say so.</summary>
public sealed record RenderReceipt(string Number, string? Language = null) : IQuery<RenderedDocument>;

public sealed class RenderReceiptHandler(SupplyTrackerDbContext db, CallerContext caller, InstalledFont font, IOptions<DocumentOptions> options)
    : IQueryHandler<RenderReceipt, RenderedDocument>
{
    public async ValueTask<RenderedDocument> Handle(RenderReceipt query, CancellationToken cancellationToken)
    {
        var receipt = await db.DonorReceipts.VisibleTo(db, caller).AsNoTracking().FirstOrDefaultAsync(r => r.Number == query.Number, cancellationToken)
            ?? throw new NotFoundException(nameof(DonorReceipt), query.Number);
        var language = query.Language is null ? receipt.Language : ReceiptLanguage.Require(query.Language);
        var settings = options.Value;
        var pdf = DonorReceiptDocument.Render(font.Require(), new ReceiptRendering(receipt.Content, language, receipt.Status, receipt.ReplacedByNumber,
            VerificationUrl(settings, receipt), settings.IssuingUnit, settings.IssuingUnitEn));
        var suffix = receipt.Status == ReceiptStatus.Void ? "-void" : "";
        return new RenderedDocument(pdf, $"receipt-{receipt.Number}{suffix}.pdf");
    }

    public static string VerificationUrl(DocumentOptions options, DonorReceipt receipt) =>
        $"{options.PublicBaseUrl.TrimEnd('/')}/verify/{Uri.EscapeDataString(receipt.Number)}?c={receipt.VerificationCode}";
}
