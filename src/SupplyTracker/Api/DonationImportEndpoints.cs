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

        // The body goes to a temporary file (deleted when closed), hashed as it comes: the file is read three times (rows
        // checked here, then the command's donations validated, then recorded, a batch at a time) and never held in memory whole.
        await using var body = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var sha256 = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The packing list is too large.",
                    detail: $"A packing list can be at most {MaxBodyBytes / 1024 / 1024} MB; split the file.");
            await body.WriteAsync(buffer.AsMemory(0, read), ct);
            sha256.AppendData(buffer, 0, read);
        }
        await body.FlushAsync(ct);
        var source = ImportDonations.SourceOf("POST /imports/donations", body.Length, sha256.GetHashAndReset());
        TextReader Open()
        {
            body.Position = 0;
            return new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true);
        }

        var sheet = await db.PackingListContextAsync(donor, date, reference, time, ct);
        var scan = await db.ScanPackingListAsync(Open, sheet, MaxReportedRows, ct);
        if (!scan.IsValid)
        {
            foreach (var error in scan.Errors)
                errors["file"] = [.. errors.GetValueOrDefault("file") ?? [], error.ToString()];
            foreach (var row in scan.InvalidRows)
                foreach (var column in row.Errors.GroupBy(e => e.Column))
                    errors[$"rows[{row.RowNumber}].{column.Key}"] = [.. column.Select(e => e.Message)];
            return Results.ValidationProblem(errors, title: "The packing list has errors; nothing was recorded.",
                extensions: new Dictionary<string, object?> { ["rows"] = scan.RowCount, ["invalidRows"] = scan.InvalidCount });
        }

        var imported = await mediator.Send(new ImportDonations(location!.Value, note, source, PackingListImport.DonationsOf(Open, sheet, scan)), ct);
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
