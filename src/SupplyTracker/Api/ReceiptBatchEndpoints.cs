using Mediator;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>
/// Many receipts at once: <c>POST /jobs/receipts</c> {from, to, language?} answers 202 with the progress resource;
/// <c>GET /jobs/receipts/{id}</c> shows it; <c>GET /jobs/receipts/{id}/zip</c> downloads the PDFs when done.
/// </summary>
public static class ReceiptBatchEndpoints
{
    public sealed record StartBatch(DateOnly From, DateOnly To, string? Language);

    public static IEndpointRouteBuilder MapReceiptBatches(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs/receipts").RequireAuthorization(Policies.Warehouse);
        jobs.MapPost("/", (StartBatch request, ReceiptBatches batches, HttpContext context) =>
        {
            var batch = batches.Start(request.From, request.To, request.Language, context.User);
            return Results.Accepted($"/jobs/receipts/{batch.Id}", batch);
        });
        jobs.MapGet("/{id:guid}", (Guid id, ReceiptBatches batches) =>
            batches.Find(id) is { } batch ? Results.Ok(batch) : Results.NotFound());
        jobs.MapGet("/{id:guid}/zip", async (Guid id, ReceiptBatches batches, IMediator mediator, HttpContext context) =>
        {
            if (batches.Find(id) is not { } batch) return Results.NotFound();
            if (batch.Status != ReceiptBatchStatus.Done)
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The batch is still running.", detail: $"{batch.Issued} of {batch.Total} issued so far.");
            context.Response.ContentType = "application/zip";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"receipts-{batch.From:yyyyMMdd}-{batch.To:yyyyMMdd}.zip\"";
            await ReceiptBatchArchive.WriteZipAsync(batch, mediator, context.Response.Body, context.RequestAborted);
            return Results.Empty;
        });
        return app;
    }
}
