using SupplyTracker.Cli;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args, Console.Out);

// The OData model's reflection on the second core while this thread builds the host (bench/README.md, "Session 9").
SupplyTracker.Api.EdmModel.StartBuilding();
// appsettings*.json are read once: reloading them on change watches the content root recursively with inotify, which
// cost 0.3 s of the start-up's main thread at load 25 (a watch per folder of the published app) and then woke the watcher
// thread for every write of a SQLite file kept under it (1% of the CPU under the intake load). A restart applies a change.
// First, so that an operator's own --hostBuilder:reloadConfigOnChange=true still wins.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.Services.AddSupplyTracker(builder.Configuration, builder.Environment);

var app = builder.Build();
// Start-up work that does not depend on each other, side by side (two cores): the database (migrations, roles, seed;
// the EF model is built on its first use) on a pool thread, the request pipeline (font, middleware, OData model) here.
// The host, its workers and /healthz start only when both are done, as before.
var database = Task.Run(() => app.Services.InitializeDatabaseAsync());
var pipeline = System.Diagnostics.Stopwatch.StartNew();
app.MapSupplyTracker();
var mapped = pipeline.Elapsed;
// The endpoints of the controllers, pages and minimal APIs built now, on the core this thread leaves idle while it waits
// for the database, instead of later in the host's start, one after the first disclosure batch (the authorization
// middleware's policy cache asks for them: a fifth of a second; bench/README.md, "Session 10"). Each data source builds
// its endpoints under its own lock, or (minimal APIs) anew for each caller; a failure here recurs there and is reported.
_ = Task.Run(() =>
{
    foreach (var source in ((IEndpointRouteBuilder)app).DataSources) _ = source.Endpoints;
});
await database;
app.Lifetime.ApplicationStarted.Register(() =>
{
    using var self = System.Diagnostics.Process.GetCurrentProcess();
    app.Logger.LogInformation("Started {Total:F0} ms after the process: request pipeline {Pipeline:F0} ms, then the database, then the host",
        (DateTime.Now - self.StartTime).TotalMilliseconds, mapped.TotalMilliseconds);
});
await app.RunAsync();
return 0;

public partial class Program;
