using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.Extensions.Options;
using SupplyTracker.Api;
using SupplyTracker.Api.Batch;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Mail;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Mail;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Infrastructure.Telemetry;

namespace SupplyTracker.Infrastructure;

public static class ServiceRegistration
{
    public static IServiceCollection AddSupplyTracker(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSupplyTrackerDatabase(configuration, environment);
        services.AddSupplyTrackerAuth(configuration);
        services.AddSupplyTrackerForwardedHeaders(configuration);
        services.AddSupplyTrackerFrontEnd();
        services.AddSupplyTrackerSecurityHeaders();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<DeploymentOptions>().Bind(configuration.GetSection(DeploymentOptions.Section))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Deployment:TimeZone must be an IANA time zone id, e.g. Asia/Shanghai.")
            .ValidateOnStart();
        services.AddSingleton<DeploymentTime>();
        services.AddHttpContextAccessor();
        services.AddScoped<CallerContext>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CallerContext>());
        services.AddSingleton<ReceiptBatches>();
        services.AddScoped<ReceiptMailing>();
        services.AddHostedService<ReceiptBatchWorker>();
        services.AddScoped<StockLedger>();
        services.AddScoped<LotCatalog>();
        services.Configure<AllocationOptions>(configuration.GetSection(AllocationOptions.Section));
        services.Configure<StockOptions>(configuration.GetSection(StockOptions.Section));
        services.AddScoped<StockCover>();
        services.AddScoped<Features.Public.LedgerFigures>();
        services.AddSingleton<Features.Public.LedgerFiguresCache>();
        services.AddScoped<Features.Public.DonorTrace>();
        services.Configure<AlertOptions>(configuration.GetSection(AlertOptions.Section));
        services.AddHostedService<AlertWorker>();
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DocumentOptions>, PublicBaseUrlValidation>();
        services.AddSingleton<InstalledFont>();
        services.AddSupplyTrackerMail(configuration);
        services.AddDisclosureLog(configuration);

        // Scoped so handlers can take the DbContext; validation runs before the transaction opens.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(CommandMetricsBehavior<,>), typeof(LocationScopeBehavior<,>), typeof(ValidationBehavior<,>), typeof(TransactionBehavior<,>), typeof(AuditBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);

        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.IdempotencyRetention >= IdempotencyOptions.MinimumRetention, "Api:IdempotencyRetention must be at least 24 hours.")
            .ValidateOnStart();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddSupplyTrackerHealthChecks();
        services.AddSupplyTrackerTelemetry(configuration);

        var batchHandler = new AtomicBatchHandler(BatchLimits.From(configuration));
        services.AddControllers(options =>
            {
                options.Filters.Add<ODataErrorFilter>();
                options.Filters.Add<InvalidModelStateFilter>();
                options.Filters.Add<ConditionalRequestFilter>();
                options.Filters.Add<BufferODataBodyFilter>();
            })
            .AddOData(options =>
            {
                options.EnableQueryFeatures(ApiQueryAttribute.MaxTopDefault);
                options.TimeZone = TimeZoneInfo.Utc;
                options.Conventions.Add(new PathRoutingConvention());
                options.AddRouteComponents("odata", EdmModel.ForService(), odata => odata
                    .AddSingleton<ISearchBinder, SearchBinder>()
                    .AddSingleton<IFilterBinder, ODataFilterBinder>()
                    .AddSingleton<ODataBatchHandler>(batchHandler)
                    .AddSingleton<Microsoft.AspNetCore.OData.Formatter.Deserialization.ODataResourceDeserializer, BufferedResourceDeserializer>());
            });
        return services;
    }

    private static void AddSupplyTrackerMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .Validate(MailOptions.HasValidSender, "Mail:From must be an address, optionally with a display name: \"Name <address>\".")
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1, "Mail:MaxAttempts and Mail:BatchSize must be at least 1.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.RetryBaseDelay > TimeSpan.Zero, "Mail:PollInterval and Mail:RetryBaseDelay must be positive.")
            .Validate(o => o.LeaseTimeout > o.Timeout, "Mail:LeaseTimeout must be longer than Mail:Timeout, or a slow send is sent twice.")
            .ValidateOnStart();
        services.AddScoped<Outbox>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
    }

    public static WebApplication MapSupplyTracker(this WebApplication app)
    {
        if (app.Services.GetRequiredService<InstalledFont>().Font is null)
            app.Logger.LogWarning("{Problem} Receipts and waybills answer 503 until then.",
                new DocumentFontMissingException(app.Configuration[$"{DocumentOptions.Section}:FontPath"]).Message);
        if (PublicBaseUrlValidation.Problem(app.Configuration[PublicBaseUrlValidation.Setting]) is { } linkProblem)
            app.Logger.LogWarning("{Problem} (Production refuses to start like this.)", linkProblem);
        app.UseSupplyTrackerForwardedHeaders();
        app.UseSupplyTrackerSecurityHeaders();
        app.UseMiddleware<ODataProtocolMiddleware>();
        app.UseSupplyTrackerFrontEnd();
        app.UseSupplyTrackerAuthentication();
        app.UseSupplyTrackerErrorPages();
        // After authentication (keys are per caller), outside the exception handler (a 4xx ProblemDetails is replayed too).
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseExceptionHandler();
        // Before routing: each $batch operation runs the rest of the pipeline, which therefore needs its own
        // exception handler (the batch middleware would turn an escaping exception into an empty 500).
        app.UseODataBatching();
        // Inside the batch too: each $batch operation runs the rest of the pipeline.
        app.UseMiddleware<KeyGuardMiddleware>();
        app.UseMiddleware<CallerContextMiddleware>();
        app.UseExceptionHandler();
        // An empty 4xx (routing's 404, 405, 415) gets a body: the OData error format under /odata, ProblemDetails elsewhere.
        app.UseWhen(context => ODataErrors.IsOData(context.Request), odata => odata.UseStatusCodePages(pages =>
            pages.HttpContext.WriteProblemAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = pages.HttpContext.Response.StatusCode })));
        app.UseWhen(context => !ErrorPages.IsForBrowser(context.Request) && !ODataErrors.IsOData(context.Request), api => api.UseStatusCodePages());
        app.UseRouting();
        app.UseAuthorization();
        app.MapSupplyTrackerHealthChecks();
        app.MapSupplyTrackerTelemetry();
        app.MapAuthEndpoints();
        app.MapRazorPages();
        app.MapReceiptBatches();
        app.MapDonationImports();
        app.MapControllers();
        app.MapReceiptVerification();
        app.MapPublicLog();
        app.MapDonorStatement();
        return app;
    }
}
