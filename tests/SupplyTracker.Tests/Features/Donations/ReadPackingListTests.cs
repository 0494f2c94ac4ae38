using SupplyTracker.Features.Donations;

namespace SupplyTracker.Tests.Features.Donations;

public sealed class ReadPackingListTests
{
    private static readonly Dictionary<string, PackingListItem> Items = new()
    {
        ["MSK-SURG"] = new PackingListItem(1, "MSK-SURG", TracksExpiry: false),
        ["DIS-84"] = new PackingListItem(2, "DIS-84", TracksExpiry: true),
    };

    private static PackingList Read(string csv) => PackingList.Read(new StringReader(csv), Items);

    [Fact]
    public void Reads_valid_rows_into_donation_lines()
    {
        var list = Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\nmsk-surg,500,,,1200.50\nDIS-84,48,L-1,2028-12-31,\n");

        Assert.True(list.IsValid);
        Assert.Equal(2, list.Rows.Count);
        Assert.Equal(new RecordDonation.Line(1, 500, null, null, 1200.50m), list.Rows[0].ToLine());
        Assert.Equal(new RecordDonation.Line(2, 48, "L-1", new DateOnly(2028, 12, 31), null), list.Rows[1].ToLine());
    }

    [Fact]
    public void Flags_unknown_item_codes_and_bad_quantities_row_by_row()
    {
        var list = Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\nNOPE,5,,,\nMSK-SURG,abc,,,\nMSK-SURG,2.5,,,\nMSK-SURG,0,,,\nMSK-SURG,3,,,\n");

        Assert.False(list.IsValid);
        Assert.Equal(["Unknown item code."], list.Rows[0].Errors);
        Assert.All(list.Rows.Skip(1).Take(3), r => Assert.Equal(["Quantity must be a whole number greater than zero."], r.Errors));
        Assert.True(list.Rows[4].IsValid);
        Assert.Equal(6, list.Rows[4].RowNumber);
    }

    [Fact]
    public void Requires_lot_and_expiry_for_items_that_track_expiry()
    {
        var list = Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\nDIS-84,10,,,\nDIS-84,10,L-2,31/12/2028,\nDIS-84,10,L-3,2028-12-31,-1\n");

        Assert.Equal(["This item needs a lot number.", "This item needs an expiry date."], list.Rows[0].Errors);
        Assert.Equal(["Expiry date must be written yyyy-MM-dd."], list.Rows[1].Errors);
        Assert.Equal(["Declared value must be a number of zero or more."], list.Rows[2].Errors);
    }

    [Fact]
    public void Refuses_a_file_without_the_expected_header_or_without_rows()
    {
        Assert.Equal(["The header must name the columns itemCode, quantity, lotNumber, expiresOn, declaredValue."], Read("code,qty\nMSK-SURG,1\n").Errors);
        Assert.Equal(["The file has no rows."], Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\n").Errors);
        Assert.Equal(["The file is empty."], Read("").Errors);
    }

    [Fact]
    public void Accepts_semicolons_quotes_and_columns_in_any_order()
    {
        var list = Read("quantity;itemCode;lotNumber;expiresOn;declaredValue\n\"1,000\";MSK-SURG;;;\n");

        Assert.True(list.IsValid);
        Assert.Equal(1000, list.Rows[0].Quantity);
    }
}
