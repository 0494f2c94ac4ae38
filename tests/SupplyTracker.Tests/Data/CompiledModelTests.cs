using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Data;

/// <summary>
/// The app runs on the compiled models that scripts/compile-model generates (Data/CompiledModels): code that goes stale
/// when the model changes. Each must be what OnModelCreating builds now. Building the models opens no connection.
/// </summary>
public sealed class CompiledModelTests
{
    [Theory]
    [MemberData(nameof(MigrationsTests.Providers), MemberType = typeof(MigrationsTests))]
    public void The_app_runs_on_the_compiled_model_of_its_provider(DatabaseProvider provider)
    {
        using var services = MigrationsTests.AppDatabaseServices(provider);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();

        Assert.Equal($"SupplyTracker.Data.CompiledModels.{provider}", db.Model.GetType().Namespace);
    }

    [Theory]
    [MemberData(nameof(MigrationsTests.Providers), MemberType = typeof(MigrationsTests))]
    public void The_compiled_model_of_each_provider_is_the_model_OnModelCreating_builds(DatabaseProvider provider)
    {
        using var services = MigrationsTests.AppDatabaseServices(provider);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        // The model source builds from OnModelCreating whatever compiled model the context would use.
        var built = db.GetService<IModelSource>().GetModel(db, db.GetService<ModelCreationDependencies>(), designTime: false);

        Assert.NotSame(built, db.Model);
        AssertSame(built.ToDebugString(MetadataDebugStringOptions.LongDefault), db.Model.ToDebugString(MetadataDebugStringOptions.LongDefault),
            $"The {provider} compiled model");
        AssertSame(built.GetRelationalModel().ToDebugString(MetadataDebugStringOptions.LongDefault),
            db.Model.GetRelationalModel().ToDebugString(MetadataDebugStringOptions.LongDefault), $"The {provider} compiled model's tables");
    }

    private static void AssertSame(string built, string compiled, string what)
    {
        var builtLines = built.Split('\n');
        var compiledLines = compiled.Split('\n');
        var line = Enumerable.Range(0, Math.Max(builtLines.Length, compiledLines.Length))
            .FirstOrDefault(i => builtLines.ElementAtOrDefault(i) != compiledLines.ElementAtOrDefault(i), -1);
        Assert.True(line < 0, $"{what} is stale: run scripts/compile-model. Line {line + 1}: built '{builtLines.ElementAtOrDefault(line)?.Trim()}', " +
            $"compiled '{compiledLines.ElementAtOrDefault(line)?.Trim()}'.");
    }
}
