using System.Text.Json;

namespace SupplyTracker.Tests.Infrastructure;

public sealed class RuntimeConfigTests
{
    /// <summary>
    /// The project file once asked for workstation GC under a misspelt property and the service ran with server GC
    /// (60 MB more under load, 200 MB more while importing); the built runtimeconfig.json is what the runtime reads.
    /// </summary>
    [Fact]
    public void The_service_runs_with_workstation_gc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SupplyTracker.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        Assert.False(config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.Server").GetBoolean());
    }

    /// <summary>Dynamic PGO off (one re-JIT per hot method; bench/README.md, "Session 7"), as the runtime reads it.</summary>
    [Fact]
    public void The_service_runs_without_dynamic_pgo()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SupplyTracker.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        Assert.False(config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
