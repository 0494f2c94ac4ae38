using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.AspNetCore.OData.Query.Expressions;
using SupplyTracker.Api;
using SupplyTracker.Api.Batch;
using SupplyTracker.Data;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Infrastructure;

public static class ServiceRegistration
{
    public static IServiceCollection AddSupplyTracker(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSupplyTrackerDatabase(configuration, environment);
        services.AddSupplyTrackerAuth(configuration);
        services.AddSupplyTrackerFrontEnd();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<CallerScope>();
        services.AddScoped<StockLedger>();
        services.AddScoped<LotCatalog>();
        services.Configure<AllocationOptions>(configuration.GetSection(AllocationOptions.Section));
        services.AddScoped<StockCover>();

        // Scoped so handlers can take the DbContext; validation runs before the transaction opens.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LocationScopeBehavior<,>), typeof(ValidationBehavior<,>), typeof(TransactionBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);

        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.IdempotencyRetention >= IdempotencyOptions.MinimumRetention, "Api:IdempotencyRetention must be at least 24 hours.")
            .ValidateOnStart();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddHealthChecks().AddDbContextCheck<SupplyTrackerDbContext>();

        var batchHandler = new AtomicBatchHandler(BatchLimits.From(configuration));
        services.AddControllers(options =>
            {
                options.Filters.Add<ODataErrorFilter>();
                options.Filters.Add<InvalidModelStateFilter>();
            })
            .AddOData(options =>
            {
                options.EnableQueryFeatures(ApiQueryAttribute.MaxTopDefault);
                options.TimeZone = TimeZoneInfo.Utc;
                options.AddRouteComponents("odata", EdmModel.Build(), odata => odata
                    .AddSingleton<ISearchBinder, SearchBinder>()
                    .AddSingleton<ODataBatchHandler>(batchHandler));
            });
        return services;
    }

    public static WebApplication MapSupplyTracker(this WebApplication app)
    {
        app.UseSupplyTrackerFrontEnd();
        app.UseSupplyTrackerAuthentication();
        // After authentication (keys are per caller), outside the exception handler (a 4xx ProblemDetails is replayed too).
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseExceptionHandler();
        // Before routing: each $batch operation runs the rest of the pipeline, which therefore needs its own
        // exception handler (the batch middleware would turn an escaping exception into an empty 500).
        app.UseODataBatching();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapRazorPages();
        app.MapControllers();
        return app;
    }
}
