using System.Globalization;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Shared;

/// <summary>One item line of an intake form (a donation, a pledge) as typed: the item by code or name, a count in base units or packs, lot and expiry.</summary>
public class LineFormInput
{
    /// <summary>What the user typed: an item code, or a name in any language.</summary>
    public string? Item { get; set; }
    /// <summary>Counted in this pack of the item (then <see cref="Quantity"/> is the number of packs); none = base units.</summary>
    public int? PackId { get; set; }
    public decimal? Quantity { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }

    public virtual bool IsBlank => string.IsNullOrWhiteSpace(Item) && Quantity is null && string.IsNullOrWhiteSpace(LotNumber) && ExpiresOn is null;
}

/// <summary>A filled-in line that names a known item. Row: the form row (0-based, blank rows counted).</summary>
public sealed record LineRead<TLine>(int Row, ItemOption Item, TLine Input) where TLine : LineFormInput;

/// <summary>
/// What an intake form (Donations/New, Pledges/New) reads its lines against and offers to choose from (items, packs,
/// donors, warehouses, stations), and the one way both read the lines typed and name a new donor inline.
/// </summary>
public sealed partial class LineForm
{
    public IReadOnlyList<ItemOption> Items { get; private init; } = [];
    public IReadOnlyList<PackOption> Packs { get; private init; } = [];
    public IReadOnlyList<(int Id, string Name)> Donors { get; private init; } = [];
    public IReadOnlyList<(int Id, string Name)> Warehouses { get; private init; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private init; } = [];

    public static LineForm Empty { get; } = new();

    public static async Task<LineForm> LoadAsync(IMediator mediator, CancellationToken cancellationToken) => new()
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken),
        Packs = await mediator.Send(new ListPackOptions(), cancellationToken),
        Donors = [.. (await mediator.Send(new ListDonors(), cancellationToken)).Select(d => (d.Id, d.Name))],
        Warehouses = [.. (await mediator.Send(new ListLocations(LocationKinds.Warehouses), cancellationToken)).Select(l => (l.Id, l.DisplayName()))],
        Stations = [.. (await mediator.Send(new ListLocations(LocationKinds.Stations), cancellationToken)).Select(l => (l.Id, l.DisplayName()))],
    };

    /// <summary>
    /// The filled-in lines (blank rows skipped), each with its item; a line naming no known item, without a quantity or,
    /// when <paramref name="lotRequired"/>, without the lot or expiry its item needs, is marked on its field in
    /// <paramref name="modelState"/>. No line at all is marked on the first row with <paramref name="noLines"/>.
    /// </summary>
    public List<LineRead<TLine>> Read<TLine>(IReadOnlyList<TLine> lines, ModelStateDictionary modelState, IStringLocalizer t, bool lotRequired,
        string noLines) where TLine : LineFormInput
    {
        var read = new List<LineRead<TLine>>();
        for (var row = 0; row < lines.Count; row++)
        {
            var line = lines[row];
            if (line.IsBlank) continue;
            var item = Items.Resolve(line.Item);
            if (item is null)
            {
                modelState.AddModelError($"Input.Lines[{row}].Item", t["Choose an item from the list (code or name)."]);
                continue;
            }
            if (line.Quantity is null)
                modelState.AddModelError($"Input.Lines[{row}].Quantity", t["Enter a quantity."]);
            if (lotRequired)
                foreach (var missing in Lot.Missing(item.TracksExpiry, !string.IsNullOrWhiteSpace(line.LotNumber), line.ExpiresOn is not null))
                    modelState.AddModelError(missing == "lotNumber" ? $"Input.Lines[{row}].LotNumber" : $"Input.Lines[{row}].ExpiresOn",
                        t[missing == "lotNumber" ? "This item needs a lot number." : "This item needs an expiry date."]);
            read.Add(new LineRead<TLine>(row, item, line));
        }
        if (read.Count == 0 && modelState.IsValid)
            modelState.AddModelError("Input.Lines[0].Item", noLines);
        return read;
    }

    /// <summary>
    /// The donor choice: one from the list or a new one typed inline, not both, and one of them unless the donor is
    /// anonymous (<paramref name="walkIn"/>). True when a new donor is to be created.
    /// </summary>
    public static bool ReadDonor(ModelStateDictionary modelState, IStringLocalizer t, int? donorId, string? newDonorName, bool walkIn = false)
    {
        var newDonor = !walkIn && !string.IsNullOrWhiteSpace(newDonorName);
        if (newDonor && donorId is not null)
            modelState.AddModelError("Input.NewDonor.Name", t["Choose a donor from the list or type a new one, not both."]);
        if (donorId is null && !walkIn && !newDonor)
            modelState.AddModelError("Input.DonorId", t["Choose the donor."]);
        return newDonor;
    }

    /// <summary>The packs of the item a line names (for its pack list), smallest first.</summary>
    public IEnumerable<PackOption> PacksOf(string? itemText) =>
        Items.Resolve(itemText) is { } item ? Packs.Where(p => p.ItemId == item.Id) : [];

    /// <summary>The base unit of the item a line names, in the reader's language.</summary>
    public string? BaseUnitOf(string? itemText) => Items.Resolve(itemText)?.BaseUnit is { } unit ? DisplayText.Unit(unit) : null;

    /// <summary>"20 箱 × 50 = 1,000 只" for a line counted in packs, else nothing.</summary>
    public string? PackTotal(LineFormInput line) =>
        Items.Resolve(line.Item) is { } item && line.PackId is { } packId && Packs.FirstOrDefault(p => p.Id == packId && p.ItemId == item.Id) is { } pack
            && line.Quantity is { } count
            ? PackText.Total(count, pack.Name, pack.Quantity, DisplayText.Unit(item.BaseUnit))
            : null;

    /// <summary>A command's field as the form's: the command numbers only the lines that were filled in, the form counts blank rows too.</summary>
    public static string MapField(string field, IReadOnlyList<int> rows)
    {
        var match = LineField().Match(field);
        if (!match.Success) return "Input." + (field.Length > 0 ? char.ToUpperInvariant(field[0]) + field[1..] : field);
        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var property = match.Groups[2].Value switch
        {
            var p when p.Equals("itemId", StringComparison.OrdinalIgnoreCase) => "Item",
            var p when p.Length > 0 => char.ToUpperInvariant(p[0]) + p[1..],
            var p => p,
        };
        return index < rows.Count ? $"Input.Lines[{rows[index]}].{property}" : "Input.Lines";
    }

    [GeneratedRegex(@"^[Ll]ines\[(\d+)\]\.?(.*)$")]
    private static partial Regex LineField();
}
