using System.Data.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Tests.Support;

/// <summary>Proof that a refused command left the database exactly as it was.</summary>
public static class Writes
{
    /// <summary>Row counts of every table plus every balance's quantities, as comparable lines.</summary>
    public static async Task<List<string>> SnapshotAsync(this SupplyTrackerApp app)
    {
        var counts = await app.CountRowsAsync();
        var balances = await app.QueryAsync(db => db.StockBalances.AsNoTracking().OrderBy(b => b.Id).ToListAsync());
        return
        [
            .. counts.Select(c => $"{c.Key}: {c.Value} rows"),
            .. balances.Select(b => $"balance {b.Id}: {b.QuantityOnHand} on hand, {b.QuantityReserved} reserved, {b.QuantityQuarantined} quarantined"),
        ];
    }

    public static async Task<TException> AssertRefusedWritingNothingAsync<TException>(this SupplyTrackerApp app, Func<Task> act)
        where TException : Exception
    {
        var before = await app.SnapshotAsync();

        var error = await Assert.ThrowsAsync<TException>(act);

        Assert.Equal(before, await app.SnapshotAsync());
        return error;
    }

    /// <summary>The database itself (a trigger or a constraint, on either provider) refuses the statement, which writes nothing.</summary>
    public static async Task<DbException> AssertDatabaseRefusesAsync(this SupplyTrackerApp app, Func<Task> act)
    {
        var before = await app.SnapshotAsync();

        var error = await Assert.ThrowsAnyAsync<DbException>(act);

        Assert.Equal(before, await app.SnapshotAsync());
        return error;
    }

    /// <summary>The command fails validation on exactly the named field and writes nothing.</summary>
    public static async Task AssertInvalidAsync<TResponse>(this SupplyTrackerApp app, Mediator.ICommand<TResponse> command, string field)
    {
        var error = await app.AssertRefusedWritingNothingAsync<ValidationException>(() => app.SendAsync(command));

        Assert.Contains(field, error.Errors.Select(e => e.PropertyName));
    }

    /// <summary>Posts straight to the ledger, bypassing command rules, to arrange stock no command may create (an expired usable lot).</summary>
    public static Task PostDirectAsync(this SupplyTrackerApp app, Location location, Item item, long quantity, string? lotNumber, DateOnly? expiresOn) =>
        app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<SupplyTrackerDbContext>();
            var lot = await services.GetRequiredService<LotCatalog>()
                .ResolveAsync(await db.Items.SingleAsync(i => i.Id == item.Id), lotNumber, expiresOn, default);
            var movement = await services.GetRequiredService<StockLedger>().PostAsync(location.Id, lot, quantity, StockStatus.Usable,
                MovementKind.Adjustment, MovementReference.StockAdjustment, 0, "arranged by test", default);
            await db.SaveChangesAsync();
            return movement.Id;
        });
}
