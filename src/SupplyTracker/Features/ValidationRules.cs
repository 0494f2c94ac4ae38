using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features;

public static class ValidationRules
{
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public const decimal MaxDeclaredValue = 10_000_000_000m;

    /// <summary>A positive whole number of the item's base unit, at most one billion.</summary>
    public static IRuleBuilderOptions<T, decimal> WholeQuantity<T>(this IRuleBuilder<T, decimal> rule) => rule
        .GreaterThan(0).WithMessage("'{PropertyName}' must be greater than zero.")
        .LessThanOrEqualTo(Quantity.Max).WithMessage($"'{{PropertyName}}' must be at most {Quantity.Max:N0}.")
        .Must(q => q == decimal.Truncate(q)).WithMessage("'{PropertyName}' must be a whole number of the item's base unit.");

    public static IRuleBuilderOptions<T, DateOnly> NotInFuture<T>(this IRuleBuilder<T, DateOnly> rule, DeploymentTime time) => rule
        .Must(d => d <= time.Today.AddDays(1)).WithMessage("'{PropertyName}' cannot be in the future.")
        .Must(d => d >= EarliestDate).WithMessage($"'{{PropertyName}}' must be on or after {EarliestDate:yyyy-MM-dd}.");

    public static IRuleBuilderOptions<T, string?> LotNumber<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(64)
        .Must(s => s is null || !s.Any(char.IsControl)).WithMessage("'{PropertyName}' cannot contain control characters.")
        .Must(UnicodeText.IsWellFormed).WithMessage("'{PropertyName}' contains half of a surrogate pair; send well-formed Unicode text.");

    public static IRuleBuilderOptions<T, string?> Note<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(1000)
        .Must(s => s is null || !s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))).WithMessage("'{PropertyName}' cannot contain control characters.")
        .Must(UnicodeText.IsWellFormed).WithMessage("'{PropertyName}' contains half of a surrogate pair; send well-formed Unicode text.");

    /// <summary>A catalogue code people type and print: letters, digits, '.', '_' and '-', unique in its table.</summary>
    public static IRuleBuilderOptions<T, string> NewCode<T>(this IRuleBuilder<T, string> rule, Func<string, CancellationToken, Task<bool>> taken, string what) => rule
        .NotEmpty().MaximumLength(32).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
        .WithMessage("'Code' may contain letters, digits, '.', '_' and '-' only.")
        .MustAsync(async (code, ct) => !await taken(code, ct)).WithMessage($"{what} with this code already exists.");

    public static IRuleBuilderOptions<T, int> Exists<T, TEntity>(this IRuleBuilder<T, int> rule, SupplyTrackerDbContext db) where TEntity : class => rule
        .MustAsync(async (id, ct) => id > 0 && await db.FindAsync<TEntity>([id], ct) is not null)
        .WithMessage($"'{{PropertyName}}' does not name an existing {typeof(TEntity).Name.ToLowerInvariant()}.");

    public static async Task<Dictionary<int, Item>> ItemsAsync(this SupplyTrackerDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Items.Where(i => wanted.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
    }
}
