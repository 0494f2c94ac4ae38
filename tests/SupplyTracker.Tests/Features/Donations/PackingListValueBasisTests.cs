using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;

namespace SupplyTracker.Tests.Features.Donations;

/// <summary>The import sheet's valueBasis and valueNote columns (how a line's value was set).</summary>
public sealed class PackingListValueBasisTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static readonly PackingListContext Context = new(
        PackingListContext.ItemKeys([new PackingListItem(1, "MSK-SURG", TracksExpiry: false)]),
        PackingListContext.DonorKeys([(1, "蘭州某醫藥有限公司")]), DonorId: 1, ReceivedOn: Today, Reference: null, Today: Today);

    private static PackingList Read(string csv) => PackingList.Read(new StringReader(csv), Context);

    [Fact]
    public void A_sheet_says_per_row_whether_the_value_was_declared_or_appraised_in_English_or_Chinese()
    {
        var list = Read("itemCode,quantity,declaredValue,valueBasis,valueNote\n"
            + "MSK-SURG,500,1200.50,appraised,按供貨發票 No. 117\nMSK-SURG,10,30,估價,\nMSK-SURG,20,60,申報,\nMSK-SURG,30,90,,\n");

        Assert.True(list.IsValid, string.Join("; ", list.Rows.SelectMany(r => r.Errors)));
        Assert.Equal(new RecordDonation.Line(1, 500, null, null, 1200.50m, ValueBasis: ValueBasis.Appraised, ValueNote: "按供貨發票 No. 117"), list.Rows[0].ToLine());
        Assert.Equal(ValueBasis.Appraised, list.Rows[1].ToLine().ValueBasis);
        Assert.Equal(ValueBasis.Declared, list.Rows[2].ToLine().ValueBasis);
        Assert.Null(list.Rows[3].ToLine().ValueBasis);
    }

    [Fact]
    public void An_unknown_basis_or_a_basis_without_a_value_is_an_error_on_its_row()
    {
        var list = Read("itemCode,quantity,declaredValue,valueBasis,valueNote\nMSK-SURG,5,10,guessed,\nMSK-SURG,5,,appraised,\nMSK-SURG,5,,,a note\n");

        Assert.False(list.IsValid);
        Assert.Equal([new RowError("valueBasis", "Value basis must be declared or appraised.")], list.Rows[0].Errors);
        Assert.Equal([new RowError("valueBasis", "A value basis or note needs a declared value.")], list.Rows[1].Errors);
        Assert.Equal([new RowError("valueBasis", "A value basis or note needs a declared value.")], list.Rows[2].Errors);
    }

    [Fact]
    public void A_line_with_a_value_basis_but_no_value_is_refused_by_the_command_too()
    {
        var result = new DonationLineValidator().Validate(new RecordDonation.Line(1, 1, null, null, null, ValueBasis: ValueBasis.Appraised));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.DonationValueBasisWithoutValue.Value, error.ErrorCode);
    }
}
