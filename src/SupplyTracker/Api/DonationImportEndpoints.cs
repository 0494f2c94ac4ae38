using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.Net.Http.Headers;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>
/// <c>POST /imports/donations?receivingLocationId=1[&amp;donorId=&amp;receivedOn=&amp;reference=&amp;note=]</c> with a CSV body
/// (<c>Content-Type: text/csv</c>): the packing list or intake sheet of the import page, for scripts. All rows are checked
/// first; any error answers 400 naming the rows (<c>rows[12].quantity</c>, 12 being the file's line number) and records
/// nothing. Otherwise every donation is recorded in one transaction and the answer lists them. Idempotency-Key applies.
/// </summary>
public static class DonationImportEndpoints
{
    public const int MaxBodyBytes = 16 * 1024 * 1024;
    /// <summary>A 400 names at most this many rows; <c>invalidRows</c> gives the full count.</summary>
    public const int MaxReportedRows = 100;

    public static IEndpointRouteBuilder MapDonationImports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/imports/donations", ImportAsync).RequireAuthorization(Policies.Warehouse);
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpContext context, SupplyTrackerDbContext db, IMediator mediator, DeploymentTime time,
        string? receivingLocationId, string? donorId, string? receivedOn, string? reference, string? note, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !(type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the packing list as text/csv.",
                detail: "The body is the CSV file itself, UTF-8, with a header row (itemCode, quantity, lotNumber, expiresOn, declaredValue, donor, receivedOn, reference).");

        var errors = new Dictionary<string, string[]>();
        var location = ParseId(receivingLocationId, "receivingLocationId", required: true, errors);
        var donor = ParseId(donorId, "donorId", required: false, errors);
        var today = time.Today;
        var date = today;
        if (!string.IsNullOrEmpty(receivedOn) && !DateOnly.TryParseExact(receivedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            errors["receivedOn"] = ["'receivedOn' must be a date written yyyy-MM-dd."];
        if (errors.Count > 0)
            return Results.ValidationProblem(errors, title: SupplyTracker.Infrastructure.ProblemDetailsExceptionHandler.InvalidTitle);

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The packing list is too large.",
                    detail: $"A packing list can be at most {MaxBodyBytes / 1024 / 1024} MB; split the file.");
            body.Write(buffer, 0, read);
        }
        var source = ImportDonations.SourceOf("POST /imports/donations", body.GetBuffer().AsSpan(0, (int)body.Length));
        body.Position = 0;

        PackingList list;
        using (var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
            list = await db.ReadPackingListAsync(text, donor, date, reference, time, ct);
        if (!list.IsValid)
        {
            var invalid = list.Rows.Where(r => !r.IsValid).ToList();
            foreach (var error in list.Errors)
                errors["file"] = [.. errors.GetValueOrDefault("file") ?? [], error.ToString()];
            foreach (var row in invalid.Take(MaxReportedRows))
                foreach (var column in row.Errors.GroupBy(e => e.Column))
                    errors[$"rows[{row.RowNumber}].{column.Key}"] = [.. column.Select(e => e.Message)];
            return Results.ValidationProblem(errors, title: "The packing list has errors; nothing was recorded.",
                extensions: new Dictionary<string, object?> { ["rows"] = list.Rows.Count, ["invalidRows"] = invalid.Count });
        }

        var imported = await mediator.Send(new ImportDonations(location!.Value, note, source, list.ToDonations()), ct);
        return Results.Ok(imported);
    }

    private static int? ParseId(string? text, string name, bool required, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors[name] = [$"'{name}' is required."];
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        errors[name] = [$"'{name}' must be a positive whole number."];
        return null;
    }
}
