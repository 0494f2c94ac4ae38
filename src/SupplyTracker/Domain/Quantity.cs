namespace SupplyTracker.Domain;

/// <summary>Quantities are positive whole numbers of an item's base unit, at most one billion.</summary>
public static class Quantity
{
    public const long Max = 1_000_000_000;

    public static long Ensure(long value, string field = "quantity")
    {
        if (value <= 0)
            throw new DomainValidationException(field, ErrorCodes.FieldGreaterThan, 0);
        if (value > Max)
            throw new DomainValidationException(field, ErrorCodes.FieldAtMost, Max);
        return value;
    }

    public static long Ensure(decimal value, string field = "quantity")
    {
        if (value != decimal.Truncate(value))
            throw new DomainValidationException(field, ErrorCodes.FieldWholeNumber);
        if (value <= 0)
            throw new DomainValidationException(field, ErrorCodes.FieldGreaterThan, 0);
        if (value > Max)
            throw new DomainValidationException(field, ErrorCodes.FieldAtMost, Max);
        return (long)value;
    }

    public static bool IsValid(decimal value) => value == decimal.Truncate(value) && value > 0 && value <= Max;
}
