using System.Text;
using SupplyTracker.Features.Donations;

namespace SupplyTracker.Tests.Features.Donations;

public sealed class ReadPackingListTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static readonly PackingListContext Context = new(
        PackingListContext.ItemKeys([new PackingListItem(1, "MSK-SURG", TracksExpiry: false), new PackingListItem(2, "DIS-84", TracksExpiry: true)]),
        PackingListContext.DonorKeys([(1, "蘭州某醫藥有限公司"), (2, "陳志明"), (3, "陳志明"), (4, "Expat Fund")]),
        DonorId: 1, ReceivedOn: Today, Reference: null, Today: Today);

    private static PackingList Read(string csv, PackingListContext? context = null) => PackingList.Read(new StringReader(csv), context ?? Context);

    private static IEnumerable<string> Messages(PackingListRow row) => row.Errors.Select(e => e.Message);

    [Fact]
    public void Reads_valid_rows_into_donation_lines()
    {
        var list = Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\nmsk-surg,500,,,1200.50\nDIS-84,48,L-1,2028-12-31,\n");

        Assert.True(list.IsValid);
        Assert.Equal(2, list.Rows.Count);
        Assert.Equal(new RecordDonation.Line(1, 500, null, null, 1200.50m), list.Rows[0].ToLine());
        Assert.Equal(new RecordDonation.Line(2, 48, "L-1", new DateOnly(2028, 12, 31), null), list.Rows[1].ToLine());
        var donation = Assert.Single(list.ToDonations());
        Assert.Equal((1, Today, (string?)null, 2), (donation.DonorId, donation.ReceivedOn, donation.Reference, donation.Lines.Count));
    }

    [Fact]
    public void Flags_unknown_item_codes_and_bad_quantities_row_by_row()
    {
        var list = Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\nNOPE,5,,,\nMSK-SURG,abc,,,\nMSK-SURG,2.5,,,\nMSK-SURG,0,,,\nMSK-SURG,1000000001,,,\nMSK-SURG,3,,,\n");

        Assert.False(list.IsValid);
        Assert.Equal([new RowError("itemCode", "Unknown item code.")], list.Rows[0].Errors);
        Assert.All(list.Rows.Skip(1).Take(4), r => Assert.Equal([new RowError("quantity", "Quantity must be a whole number from 1 to 1,000,000,000.")], r.Errors));
        Assert.True(list.Rows[5].IsValid);
        Assert.Equal(7, list.Rows[5].RowNumber);
        Assert.Throws<InvalidOperationException>(() => list.ToDonations());
    }

    [Fact]
    public void Requires_lot_and_expiry_for_items_that_track_expiry()
    {
        var list = Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\nDIS-84,10,,,\nDIS-84,10,L-2,31/12/2028,\nDIS-84,10,L-3,2028-12-31,-1\n" +
            $"DIS-84,10,{new string('L', 65)},2028-12-31,\nDIS-84,10,L\u0007,2028-12-31,\n");

        Assert.Equal(["This item needs a lot number.", "This item needs an expiry date."], Messages(list.Rows[0]));
        Assert.Equal(["Expiry date must be written yyyy-MM-dd."], Messages(list.Rows[1]));
        Assert.Equal(["Declared value must be a number of zero or more."], Messages(list.Rows[2]));
        Assert.Equal("lotNumber", Assert.Single(list.Rows[3].Errors).Column);
        Assert.Equal("lotNumber", Assert.Single(list.Rows[4].Errors).Column);
    }

    [Fact]
    public void Refuses_a_file_without_the_expected_header_or_without_rows()
    {
        Assert.Equal("The header must name the columns itemCode, quantity, lotNumber, expiresOn, declaredValue.", Read("code,qty\nMSK-SURG,1\n").Errors.Single().Format);
        Assert.Equal("The file has no rows.", Read("itemCode,quantity,lotNumber,expiresOn,declaredValue\n").Errors.Single().Format);
        Assert.Equal("The file is empty.", Read("").Errors.Single().Format);
    }

    [Fact]
    public void Accepts_semicolons_quotes_and_columns_in_any_order()
    {
        var list = Read("quantity;itemCode;lotNumber;expiresOn;declaredValue\n\"1,000\";MSK-SURG;;;\n");

        Assert.True(list.IsValid);
        Assert.Equal(1000, list.Rows[0].Quantity);
    }

    [Fact]
    public void Rows_with_the_same_donor_date_and_reference_make_one_donation_in_the_order_they_first_appear()
    {
        var list = Read("donor,receivedOn,reference,itemCode,quantity\n" +
            "2,2026-11-01,R-1,MSK-SURG,1\n" +
            "expat fund,2026-11-02,,MSK-SURG,2\n" +
            "2,2026-11-01,R-1,MSK-SURG,3\n" +
            ",,,MSK-SURG,4\n" +
            "4,2026-11-02,,MSK-SURG,5\n");

        Assert.True(list.IsValid, string.Join("; ", list.Rows.SelectMany(r => r.Errors)));
        Assert.Equal([(2, new DateOnly(2026, 11, 1), "R-1", 4L), (4, new DateOnly(2026, 11, 2), null, 7L), (1, Today, null, 4L)],
            list.Donations.Select(d => (d.DonorId, d.ReceivedOn, d.Reference, d.TotalQuantity)));
    }

    [Fact]
    public void A_donor_must_be_known_unambiguous_or_chosen_for_the_file()
    {
        var list = Read("donor,itemCode,quantity\n陳志明,MSK-SURG,1\nnobody,MSK-SURG,1\n", Context with { DonorId = null });
        var noDonor = Read("itemCode,quantity\nMSK-SURG,1\n", Context with { DonorId = null });

        Assert.Equal("donor", Assert.Single(list.Rows[0].Errors).Column);   // two donors share the name: give the id
        Assert.Equal("donor", Assert.Single(list.Rows[1].Errors).Column);
        Assert.Equal(["No donor: choose one for the whole file or name one in the donor column."], Messages(noDonor.Rows[0]));
    }

    [Fact]
    public void A_received_date_must_be_a_date_and_not_in_the_future()
    {
        var list = Read("receivedOn,itemCode,quantity\n2026-11-29,MSK-SURG,1\n2026-11-30,MSK-SURG,1\n1999-12-31,MSK-SURG,1\n28/11/2026,MSK-SURG,1\n");

        Assert.True(list.Rows[0].IsValid);   // tomorrow: a different time zone's today
        Assert.Equal(["Received date cannot be in the future."], Messages(list.Rows[1]));
        Assert.Equal(["Received date must be on or after 2000-01-01."], Messages(list.Rows[2]));
        Assert.Equal(["Received date must be written yyyy-MM-dd."], Messages(list.Rows[3]));
    }

    [Fact]
    public void A_donation_over_500_lines_or_a_reference_shared_by_two_donations_is_an_error_of_the_file()
    {
        var big = new StringBuilder("reference,itemCode,quantity\n");
        for (var i = 0; i < 501; i++) big.Append("R-BIG,MSK-SURG,1\n");
        var shared = Read("donor,reference,itemCode,quantity\n1,R-1,MSK-SURG,1\n2,R-1,MSK-SURG,1\n");

        Assert.Equal("The donation starting at row {0} has {1} rows; a donation can have at most {2}. Give its rows different references.",
            Read(big.ToString()).Errors.Single().Format);
        Assert.Equal("The reference R-1 names two donations (rows 2 and 3): a reference belongs to one donor and one day.", shared.Errors.Single().ToString());
        Assert.False(shared.IsValid);
    }

    [Fact]
    public void A_file_over_100000_rows_is_refused()
    {
        var csv = new StringBuilder("itemCode,quantity\n");
        for (var i = 0; i <= PackingList.MaxRows; i++) csv.Append("MSK-SURG,1\n");

        var list = Read(csv.ToString());

        Assert.Equal("A packing list can have at most {0} rows; split the file.", list.Errors.Single().Format);
        Assert.False(list.IsValid);
    }

    [Fact]
    public void Short_rows_and_an_unclosed_quote_are_row_errors_not_a_crash()
    {
        var list = Read("itemCode,quantity,lotNumber\nMSK-SURG\n\"MSK-SURG,10,,\nMSK-SURG,5\n");

        Assert.False(list.IsValid);
        Assert.Equal(["Quantity must be a whole number from 1 to 1,000,000,000."], Messages(list.Rows[0]));
        Assert.Contains("Unknown item code.", Messages(list.Rows[1]));
    }
}
