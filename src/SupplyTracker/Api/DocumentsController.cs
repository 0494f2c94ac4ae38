using System.Net.Mime;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Domain;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features.Shipments;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>The PDFs under the OData paths they belong to: a receipt's media stream and a shipment's waybill.</summary>
[ApiController]
[Authorize(Policy = Policies.Read)]
public sealed class DocumentsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ControllerBase
{
    /// <summary>The receipt PDF, in the language it was issued in or ?lang=zh-Hant|zh-Hans|en.</summary>
    [HttpGet("odata/DonorReceipts('{number}')/$value")]
    public async Task<IActionResult> Receipt(string number, [FromQuery] string? lang, CancellationToken ct)
    {
        if (!await db.DonorReceiptDtos(caller).AnyAsync(r => r.Number == number, ct))
            throw new NotFoundException(nameof(DonorReceipt), number);
        return Pdf(await mediator.Send(new RenderReceipt(number, lang), ct));
    }

    /// <summary>The waybill PDF, zh-Hant unless ?lang=zh-Hans|en.</summary>
    [HttpGet("odata/Shipments({id:int})/Waybill")]
    public async Task<IActionResult> Waybill(int id, [FromQuery] string? lang, CancellationToken ct) => Pdf(await mediator.Send(new RenderWaybill(id, lang), ct));

    private FileContentResult Pdf(RenderedDocument document) =>
        File(document.Pdf, MediaTypeNames.Application.Pdf, document.FileName);
}
