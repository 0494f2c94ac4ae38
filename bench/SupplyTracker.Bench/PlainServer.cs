using SupplyTracker.Infrastructure;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Api;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Bench;

/// <summary>
/// The comparison for the OData list: the same EF query (the API's own StockMovementDtos projection, ordered by id,
/// 100 rows) written with plain System.Text.Json, hosted in a child process like the service. Authenticated like the
/// service's API (the same bearer token, checked with the service's own one-query <see cref="ApiTokens.FindAsync"/> on
/// every request: unknown, expired or revoked is 401), but no OData and no MVC; the payload has the same fields (item and
/// location are not expanded, as in the OData answer).
/// </summary>
public static class PlainServer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(StockMovementDto)) return;
                    foreach (var property in info.Properties.Where(p => p.Name is "item" or "location").ToList())
                        info.Properties.Remove(property);
                },
            },
        },
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSupplyTrackerDatabase(builder.Configuration, builder.Environment);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DeploymentOptions>();
        builder.Services.AddSingleton<DeploymentTime>();
        builder.Services.AddScoped<CallerContext>();
        builder.Services.AddOptions<AuthOptions>();
        builder.Services.AddScoped<ApiTokens>();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/healthz", () => "Healthy");
        app.MapGet("/plain/StockMovements", async (HttpContext context, SupplyTrackerDbContext db, ApiTokens tokens, TimeProvider clock,
            CallerContext scope, CancellationToken ct) =>
        {
            string? header = context.Request.Headers.Authorization;
            if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || await tokens.FindAsync(header["Bearer ".Length..].Trim(), ct) is not { } token
                || !token.IsActiveAt(clock.GetUtcNow().UtcDateTime))
                return Results.Unauthorized();
            scope.SetSystem();
            var rows = await db.StockMovementDtos(scope).OrderBy(m => m.Id).Take(100).ToListAsync(ct);
            return Results.Json(new { value = rows }, Json);
        });
        await app.RunAsync();
        return 0;
    }
}
