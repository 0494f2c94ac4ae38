using SupplyTracker.Cli;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args, Console.Out);

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSupplyTracker(builder.Configuration, builder.Environment);

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
app.MapSupplyTracker();
await app.RunAsync();
return 0;

public partial class Program;
