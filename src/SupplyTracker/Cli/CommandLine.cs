using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;
using SupplyTracker.Features.Audit;
using SupplyTracker.Features.Users;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Cli;

/// <summary>
/// Verbs run against the same configuration and database as the web app, then exit:
/// <c>users add --role ROLE --name NAME [--password P] [--location CODE]</c>, <c>verify-ledger</c> and <c>backup PATH</c>.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        usage:
          users add --role Admin|Logistics|Station|Auditor --name NAME [--password PASSWORD] [--location CODE]
          verify-ledger
          receipt-sample PATH    (writes a sample receipt PDF; needs only the CJK font)
          backup PATH            (online: the service may keep running)
        """;

    public static bool IsVerb(string[] args) => args is ["users", ..] or ["verify-ledger", ..] or ["receipt-sample", ..] or ["backup", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (args is ["receipt-sample", ..])
            return await WriteSampleReceiptAsync(args, output, cancellationToken);

        // The rest of the arguments still reach configuration, so --environment or --ConnectionStrings:SupplyTracker work.
        // A backup's path (/tmp/…) would read as a "/key value" switch: configuration gets only what follows it.
        var builder = WebApplication.CreateBuilder(args is ["backup", _, .. var settings] ? settings : args);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.Services.AddSupplyTracker(builder.Configuration, builder.Environment);
        await using var app = builder.Build();
        // A backup reads the database as it is; it must not migrate or seed the file it is copying.
        if (args is ["backup", ..])
            return await BackupAsync(app.Services, args, output, cancellationToken);
        await app.Services.InitializeDatabaseAsync(cancellationToken);

        await using var scope = app.Services.CreateAsyncScope();
        // A verb is run by whoever has the server's shell: the system caller, which sees every location.
        scope.ServiceProvider.GetRequiredService<CallerContext>().SetSystem();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        try
        {
            return args switch
            {
                ["verify-ledger", ..] => await VerifyLedgerAsync(mediator, output, cancellationToken),
                ["users", "add", ..] => await AddUserAsync(mediator, args, output, cancellationToken),
                _ => await WriteAsync(output, Usage, 2),
            };
        }
        catch (ValidationException e)
        {
            foreach (var error in e.Errors)
                await output.WriteLineAsync($"{ProblemDetailsExceptionHandler.FieldName(error.PropertyName)}: {error.ErrorMessage}");
            return 2;
        }
    }

    private static async Task<int> VerifyLedgerAsync(IMediator mediator, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new VerifyLedger(), cancellationToken);
        return await WriteAsync(output, result.Summary, result.Ok ? 0 : 1);
    }

    private static async Task<int> BackupAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args is not ["backup", var destination, ..] || destination.StartsWith("--", StringComparison.Ordinal))
            return await WriteAsync(output, Usage, 2);
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().Database;
        if (!database.IsSqlite())
            return await WriteAsync(output, "backup copies the SQLite file; on PostgreSQL use pg_dump (see README).", 2);
        var connectionString = database.GetConnectionString()!;
        try
        {
            var backup = await DatabaseBackup.TakeAsync(connectionString, destination, cancellationToken);
            return await WriteAsync(output, $"Backed up {backup.Movements} movements to {backup.Path} ({backup.Bytes} bytes).", 0);
        }
        catch (IOException e)
        {
            return await WriteAsync(output, e.Message, 2);
        }
    }

    private static async Task<int> AddUserAsync(IMediator mediator, string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var added = await mediator.Send(new AddUser(Option(args, "--name") ?? "", Option(args, "--role") ?? "",
            Option(args, "--password"), Option(args, "--location")), cancellationToken);
        await output.WriteLineAsync($"Added {added.Role} user '{added.UserName}'.");
        if (added.GeneratedPassword is not null)
            await output.WriteLineAsync($"Password (shown once): {added.GeneratedPassword}");
        return 0;
    }

    private static async Task<int> WriteSampleReceiptAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args is not ["receipt-sample", var path, ..])
            return await WriteAsync(output, Usage, 2);
        var options = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(args[2..])
            .Build().GetSection(DocumentOptions.Section).Get<DocumentOptions>() ?? new DocumentOptions();
        using var font = DocumentFont.Find(options.FontPath, options.FontFaceIndex);
        if (font is null)
            return await WriteAsync(output, new DocumentFontMissingException(options.FontPath).Message, 1);
        var pdf = DonorReceiptDocument.Render(font, SampleReceipt.Rendering(options));
        await File.WriteAllBytesAsync(path, pdf, cancellationToken);
        return await WriteAsync(output, $"Wrote {path} ({pdf.Length:N0} bytes).", 0);
    }

    private static string? Option(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
                return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
                return args[i][(name.Length + 1)..];
        }
        return null;
    }

    private static async Task<int> WriteAsync(TextWriter output, string text, int exitCode)
    {
        await output.WriteLineAsync(text);
        return exitCode;
    }
}
