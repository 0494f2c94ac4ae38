using SupplyTracker.Cli;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args, Console.Out);

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSupplyTracker(builder.Configuration, builder.Environment);

var app = builder.Build();
// Start-up work that does not depend on each other, side by side (two cores): the database (migrations, roles, seed;
// the EF model is built on its first use) on a pool thread, the request pipeline (font, middleware, OData model) here.
// The host, its workers and /healthz start only when both are done, as before.
var database = Task.Run(() => app.Services.InitializeDatabaseAsync());
app.MapSupplyTracker();
await database;
await app.RunAsync();
return 0;

public partial class Program;
