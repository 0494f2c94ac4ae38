using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features;

public static class ValidationRules
{
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public const decimal MaxDeclaredValue = 10_000_000_000m;

    /// <summary>
    /// The failure carries the code (FluentValidation's ErrorCode), its arguments (the failure's CustomState) and the English
    /// words (for logs and tests); each door says it in its caller's language from the code.
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> WithCode<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, ErrorCode code,
        Func<T, TProperty, object?[]> arguments) => rule
        .WithErrorCode(code.Value)
        .WithState((c, v) => code.Bind("", arguments(c, v)))
        .WithMessage((c, v) => ErrorText.Format(code, CultureInfo.InvariantCulture, "{PropertyName}", arguments(c, v)));

    /// <summary>The same with fixed arguments.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithCode<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, ErrorCode code,
        params object?[] arguments) => rule.WithCode(code, (_, _) => arguments);

    /// <summary>A failure added by hand (context.AddFailure), coded like <see cref="WithCode{T,TProperty}(IRuleBuilderOptions{T,TProperty},ErrorCode,object?[])"/>.</summary>
    public static FluentValidation.Results.ValidationFailure Failure(string propertyName, ErrorCode code, params object?[] arguments) =>
        new(propertyName, ErrorText.Format(code, CultureInfo.InvariantCulture, propertyName, arguments))
        {
            ErrorCode = code.Value,
            CustomState = code.Bind("", arguments),
        };

    /// <summary>A positive whole number of the item's base unit, at most one billion.</summary>
    public static IRuleBuilderOptions<T, decimal> WholeQuantity<T>(this IRuleBuilder<T, decimal> rule) => rule
        .GreaterThan(0).WithCode(ErrorCodes.FieldGreaterThan, 0)
        .LessThanOrEqualTo(Quantity.Max).WithCode(ErrorCodes.FieldAtMost, Quantity.Max)
        .Must(q => q == decimal.Truncate(q)).WithCode(ErrorCodes.FieldWholeNumber);

    public static IRuleBuilderOptions<T, DateOnly> NotInFuture<T>(this IRuleBuilder<T, DateOnly> rule, DeploymentTime time) => rule
        .Must(d => d <= time.Today.AddDays(1)).WithCode(ErrorCodes.FieldInFuture)
        .Must(d => d >= EarliestDate).WithCode(ErrorCodes.FieldTooEarly, EarliestDate);

    public static IRuleBuilderOptions<T, string?> LotNumber<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(Lot.MaxNumberLength)
        .Must(s => s is null || !s.Any(char.IsControl)).WithCode(ErrorCodes.FieldControlCharacters)
        .Must(UnicodeText.IsWellFormed).WithCode(ErrorCodes.FieldIllFormedUnicode);

    /// <summary>A free-text note: at most <see cref="Notes.MaxLength"/> characters of plain text.</summary>
    public static IRuleBuilderOptions<T, string?> Note<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(Notes.MaxLength)
        .PlainText();

    /// <summary>Text a person typed: line breaks and tabs are fine, other control characters and broken Unicode are not. No length of its own.</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(s => s is null || !s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))).WithCode(ErrorCodes.FieldControlCharacters)
        .Must(UnicodeText.IsWellFormed).WithCode(ErrorCodes.FieldIllFormedUnicode);

    /// <summary>A catalogue code people type and print: letters, digits, '.', '_' and '-', unique in its table.</summary>
    public static IRuleBuilderOptions<T, string> NewCode<T>(this IRuleBuilder<T, string> rule, Func<string, CancellationToken, Task<bool>> taken, string what) => rule
        .NotEmpty().MaximumLength(32).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
        .WithCode(ErrorCodes.FieldCodeFormat)
        .MustAsync(async (code, ct) => !await taken(code, ct)).WithCode(ErrorCodes.FieldCodeTaken, what);

    public static IRuleBuilderOptions<T, int> Exists<T, TEntity>(this IRuleBuilder<T, int> rule, SupplyTrackerDbContext db) where TEntity : class => rule
        .MustAsync(async (id, ct) => id > 0 && await Existence<TEntity>.Query(db, id, ct))
        .WithCode(ErrorCodes.FieldNotExisting, typeof(TEntity).Name);

    /// <summary>
    /// Whether a row of <typeparamref name="TEntity"/> has this id: one compiled query per entity type, which reads no row
    /// and tracks nothing (a LINQ query, or <c>FindAsync</c>, walks and parameterises its expression tree on every
    /// execution: EF's <c>ExtractParameters</c> was 4.7% of the service's CPU under the intake load, bench/README.md "Session 8").
    /// </summary>
    private static class Existence<TEntity> where TEntity : class
    {
        public static readonly Func<SupplyTrackerDbContext, int, CancellationToken, Task<bool>> Query =
            EF.CompileAsyncQuery((SupplyTrackerDbContext db, int id, CancellationToken _) => db.Set<TEntity>().Any(e => EF.Property<int>(e, "Id") == id));
    }

    public static async Task<Dictionary<int, Item>> ItemsAsync(this SupplyTrackerDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Items.Where(i => wanted.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
    }
}
