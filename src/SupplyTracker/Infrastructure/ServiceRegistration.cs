using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query.Expressions;
using SupplyTracker.Api;
using SupplyTracker.Data;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Infrastructure;

public static class ServiceRegistration
{
    public static IServiceCollection AddSupplyTracker(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSupplyTrackerDatabase(configuration, environment);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<StockLedger>();
        services.AddScoped<LotCatalog>();
        services.Configure<AllocationOptions>(configuration.GetSection(AllocationOptions.Section));
        services.AddScoped<StockCover>();
        services.AddScoped<IStationScope, AllStations>();

        // Scoped so handlers can take the DbContext; validation runs before the transaction opens.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(TransactionBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddHealthChecks().AddDbContextCheck<SupplyTrackerDbContext>();

        services.AddControllers(options =>
            {
                options.Filters.Add<ODataErrorFilter>();
                options.Filters.Add<InvalidModelStateFilter>();
            })
            .AddOData(options =>
            {
                options.EnableQueryFeatures(ApiQueryAttribute.MaxTopDefault);
                options.TimeZone = TimeZoneInfo.Utc;
                options.AddRouteComponents("odata", EdmModel.Build(), odata => odata.AddSingleton<ISearchBinder, SearchBinder>());
            });
        return services;
    }

    public static WebApplication MapSupplyTracker(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/healthz");
        app.MapControllers();
        return app;
    }
}
