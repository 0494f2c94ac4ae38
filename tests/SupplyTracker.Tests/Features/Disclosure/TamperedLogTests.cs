using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SupplyTracker.Cli;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Audit;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;
using Entry = SupplyTracker.Domain.Disclosure;

namespace SupplyTracker.Tests.Features.Disclosure;

/// <summary>Each test tampers with its own seeded database, as someone with the file or a SQL prompt would, and asks verify-ledger.</summary>
public sealed class TamperedLogTests
{
    [Fact]
    public async Task Editing_a_published_entry_is_caught_by_verify_ledger_and_its_verb()
    {
        using var app = new ApiFactory();
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);
        var before = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        await ExecuteAsync(app, DropTrigger("TR_Disclosures_NoUpdate", "Disclosures"),
            """UPDATE "Disclosures" SET "Quantity" = "Quantity" + 1 WHERE "Index" = 2""");
        var after = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");
        var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["verify-ledger", .. app.Database.HostArgs, "--Seed:Enabled=false"], output);

        Assert.True(before!.Ok, before.Summary);
        Assert.True(before.LogEntriesChecked > 2);
        Assert.False(after!.Ok);
        Assert.Contains("entry 2's fields differ from its published leaf bytes", after.Summary, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains("disclosure log", output.ToString(), StringComparison.Ordinal);
        // The auditor's page says it in the reader's language: the cause is a code with the entry's index.
        var cause = Assert.IsType<CodedError>((await VerifyAsync(app)).Cause);
        Assert.Same(ErrorCodes.DisclosureEntryEdited, cause.Code);
        Assert.Equal("公開揭露紀錄驗證失敗：第 2 筆日誌項目的欄位與已公開的葉節點內容不符，該項目曾被修改。", cause.Message(CultureInfo.GetCultureInfo("zh-Hant")));
        Assert.Contains("第 2 条日志项目", cause.Message(CultureInfo.GetCultureInfo("zh-Hans")), StringComparison.Ordinal);
        Assert.Contains("the fields of entry 2 differ", cause.Message(CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
    }

    private static async Task<LedgerVerification> VerifyAsync(ApiFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new VerifyLedger());
    }

    [Fact]
    public async Task Rewriting_an_entry_with_a_matching_leaf_and_hash_is_caught_by_the_signed_tree_heads()
    {
        using var app = new ApiFactory();
        await PublishOneMoreBatchAsync(app);
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);
        Assert.True((await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger"))!.TreeHeadsChecked >= 2);

        Entry original;
        await using (var scope = app.Services.CreateAsyncScope())
            original = await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().Disclosures.AsNoTracking().SingleAsync(d => d.Index == 1);
        var forged = new Entry(original.Index, original.Kind,
            original.ItemCode is null ? null : new DisclosureItem(original.ItemCode, original.ItemNameZhHant!, original.ItemNameZhHans!, original.ItemNameEn!, original.Unit!),
            original.Quantity + 1000, original.Lot, Place(original.FromCode, original.FromName, original.FromNameEn),
            Place(original.ToCode, original.ToName, original.ToNameEn), original.Donor, original.Reason, original.Reference, original.CorrectsIndex,
            original.OccurredAt, original.PublishedAt);
        await ExecuteAsync(app, DropTrigger("TR_Disclosures_NoUpdate", "Disclosures"),
            """UPDATE "Disclosures" SET "Quantity" = @quantity, "Leaf" = @leaf, "LeafHash" = @hash WHERE "Index" = 1""",
            ("quantity", forged.Quantity!), ("leaf", forged.Leaf), ("hash", forged.LeafHash));
        var result = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        Assert.False(result!.Ok);
        Assert.Contains("does not match the stored entries: history was rewritten", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_tree_head_or_a_removed_entry_is_caught()
    {
        using var app = new ApiFactory();
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);

        await ExecuteAsync(app, DropTrigger("TR_Disclosures_NoDelete", "Disclosures"),
            """DELETE FROM "Disclosures" WHERE "Index" = (SELECT MAX("Index") FROM "Disclosures")""");
        var removed = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");
        await ExecuteAsync(app, DropTrigger("TR_DisclosureTreeHeads_NoUpdate", "DisclosureTreeHeads"),
            """UPDATE "DisclosureTreeHeads" SET "TreeSize" = "TreeSize" - 1""");
        var forged = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        var forgedCause = Assert.IsType<CodedError>((await VerifyAsync(app)).Cause);

        Assert.False(removed!.Ok);
        Assert.Contains("entries were removed", removed.Summary, StringComparison.Ordinal);
        Assert.False(forged!.Ok);
        Assert.Contains("does not verify", forged.Summary, StringComparison.Ordinal);
        Assert.Same(ErrorCodes.DisclosureSignatureInvalid, forgedCause.Code);
        Assert.StartsWith("公開揭露紀錄驗證失敗：樹根 ", forgedCause.Message(CultureInfo.GetCultureInfo("zh-Hant")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_over_the_same_database_publishes_nothing_twice()
    {
        var database = ApiFactory.NewDatabase();
        long entries, heads;
        await using (var first = SupplyTrackerApp.Over(database, seed: true, ownsDatabase: false))
        {
            (entries, heads) = await CountAsync(first);
            Assert.True(entries > 0);
        }
        await using var second = SupplyTrackerApp.Over(database, seed: true, ownsDatabase: true);
        var afterRestart = await CountAsync(second);
        var replay = await second.InScopeAsync(services => services.GetRequiredService<IMediator>().Send(new PublishDisclosures()).AsTask());

        Assert.Equal((entries, heads), afterRestart);
        Assert.Equal((0, entries, false), (replay.Published, replay.TreeSize, replay.Signed));
        Assert.Equal((entries, heads), await CountAsync(second));
    }

    private static Task<(long, long)> CountAsync(SupplyTrackerApp app) =>
        app.QueryAsync(async db => (await db.Disclosures.LongCountAsync(), await db.DisclosureTreeHeads.LongCountAsync()));

    private static async Task PublishOneMoreBatchAsync(ApiFactory app)
    {
        var admin = app.AdminClient;
        async Task<int> IdOf(string set, string filter) =>
            (await admin.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id")).Values().Single().GetProperty("id").GetInt32();
        using var created = await admin.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = await IdOf("Donors", "name eq '高新區商會'"), receivingLocationId = await IdOf("Locations", "code eq 'WH-GX'"),
            receivedOn = DateOnly.FromDateTime(DateTime.UtcNow), lines = new[] { new { itemId = await IdOf("Items", "code eq 'MSK-SURG'"), quantity = 7, lotNumber = "TAMPER" } },
        });
        var donation = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var line = (await admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values().Single().GetProperty("id").GetInt32();
        using var inspected = await admin.PostAsJsonAsync($"/odata/Donations({donation})/Inspect", new { decisions = new[] { new { lineId = line, outcome = "Accept" } } });
        Assert.True(inspected.IsSuccessStatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PublishDisclosures())).Signed);
    }

    private static DisclosurePlace? Place(string? code, string? name, string? nameEn) => code is null ? null : new(code, name!, nameEn!);

    private static string DropTrigger(string name, string table) =>
        TestDatabase.IsPostgres ? $"DROP TRIGGER \"{name}\" ON \"{table}\"" : $"DROP TRIGGER {name}";

    private static async Task ExecuteAsync(ApiFactory app, string dropTrigger, string statement, params (string Name, object Value)[] parameters)
    {
        _ = app.Server;
        await using var connection = TestDatabase.IsPostgres
            ? (DbConnection)new NpgsqlConnection(app.Database.ConnectionString)
            : new SqliteConnection($"{app.Database.ConnectionString};Pooling=False");
        await connection.OpenAsync();
        foreach (var sql in new[] { dropTrigger, statement })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (sql == statement)
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@" + name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }
            await command.ExecuteNonQueryAsync();
        }
    }
}
