using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSupplyTracker(builder.Configuration, builder.Environment);

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
app.MapSupplyTracker();
await app.RunAsync();

public partial class Program;
