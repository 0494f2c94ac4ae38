namespace SupplyTracker.Data;

/// <summary>
/// The database's own refusal to change or remove a stock movement, for anyone who bypasses the application.
/// Part of each provider's Initial migration: scripts/squash-migrations puts the calls back when it regenerates them.
/// </summary>
public static class AppendOnlyLedgerSql
{
    public const string Message = "StockMovements is append-only: post a reversing movement";

    public const string SqliteCreate = $"""
        CREATE TRIGGER TR_StockMovements_NoUpdate BEFORE UPDATE ON StockMovements BEGIN SELECT RAISE(ABORT, '{Message}'); END;
        CREATE TRIGGER TR_StockMovements_NoDelete BEFORE DELETE ON StockMovements BEGIN SELECT RAISE(ABORT, '{Message}'); END;
        """;

    public const string SqliteDrop = """
        DROP TRIGGER IF EXISTS TR_StockMovements_NoDelete;
        DROP TRIGGER IF EXISTS TR_StockMovements_NoUpdate;
        """;

    public const string PostgresCreate = $"""
        CREATE FUNCTION "StockMovements_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{Message}' USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE TRIGGER "TR_StockMovements_NoUpdate" BEFORE UPDATE ON "StockMovements" FOR EACH ROW EXECUTE FUNCTION "StockMovements_AppendOnly"();
        CREATE TRIGGER "TR_StockMovements_NoDelete" BEFORE DELETE ON "StockMovements" FOR EACH ROW EXECUTE FUNCTION "StockMovements_AppendOnly"();
        CREATE TRIGGER "TR_StockMovements_NoTruncate" BEFORE TRUNCATE ON "StockMovements" FOR EACH STATEMENT EXECUTE FUNCTION "StockMovements_AppendOnly"();
        """;

    public const string PostgresDrop = """
        DROP TRIGGER IF EXISTS "TR_StockMovements_NoTruncate" ON "StockMovements";
        DROP TRIGGER IF EXISTS "TR_StockMovements_NoDelete" ON "StockMovements";
        DROP TRIGGER IF EXISTS "TR_StockMovements_NoUpdate" ON "StockMovements";
        DROP FUNCTION IF EXISTS "StockMovements_AppendOnly"();
        """;

    public const string DisclosureMessage = "The disclosure log is append-only: publish a correction";

    public const string DisclosureSqliteCreate = $"""
        CREATE TRIGGER TR_Disclosures_NoUpdate BEFORE UPDATE ON Disclosures BEGIN SELECT RAISE(ABORT, '{DisclosureMessage}'); END;
        CREATE TRIGGER TR_Disclosures_NoDelete BEFORE DELETE ON Disclosures BEGIN SELECT RAISE(ABORT, '{DisclosureMessage}'); END;
        CREATE TRIGGER TR_DisclosureTreeHeads_NoUpdate BEFORE UPDATE ON DisclosureTreeHeads BEGIN SELECT RAISE(ABORT, '{DisclosureMessage}'); END;
        CREATE TRIGGER TR_DisclosureTreeHeads_NoDelete BEFORE DELETE ON DisclosureTreeHeads BEGIN SELECT RAISE(ABORT, '{DisclosureMessage}'); END;
        """;

    public const string DisclosureSqliteDrop = """
        DROP TRIGGER IF EXISTS TR_Disclosures_NoUpdate;
        DROP TRIGGER IF EXISTS TR_Disclosures_NoDelete;
        DROP TRIGGER IF EXISTS TR_DisclosureTreeHeads_NoUpdate;
        DROP TRIGGER IF EXISTS TR_DisclosureTreeHeads_NoDelete;
        """;

    public const string DisclosurePostgresCreate = $"""
        CREATE FUNCTION "Disclosures_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{DisclosureMessage}' USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE TRIGGER "TR_Disclosures_NoUpdate" BEFORE UPDATE ON "Disclosures" FOR EACH ROW EXECUTE FUNCTION "Disclosures_AppendOnly"();
        CREATE TRIGGER "TR_Disclosures_NoDelete" BEFORE DELETE ON "Disclosures" FOR EACH ROW EXECUTE FUNCTION "Disclosures_AppendOnly"();
        CREATE TRIGGER "TR_Disclosures_NoTruncate" BEFORE TRUNCATE ON "Disclosures" FOR EACH STATEMENT EXECUTE FUNCTION "Disclosures_AppendOnly"();
        CREATE TRIGGER "TR_DisclosureTreeHeads_NoUpdate" BEFORE UPDATE ON "DisclosureTreeHeads" FOR EACH ROW EXECUTE FUNCTION "Disclosures_AppendOnly"();
        CREATE TRIGGER "TR_DisclosureTreeHeads_NoDelete" BEFORE DELETE ON "DisclosureTreeHeads" FOR EACH ROW EXECUTE FUNCTION "Disclosures_AppendOnly"();
        CREATE TRIGGER "TR_DisclosureTreeHeads_NoTruncate" BEFORE TRUNCATE ON "DisclosureTreeHeads" FOR EACH STATEMENT EXECUTE FUNCTION "Disclosures_AppendOnly"();
        """;

    public const string DisclosurePostgresDrop = """
        DROP TRIGGER IF EXISTS "TR_DisclosureTreeHeads_NoTruncate" ON "DisclosureTreeHeads";
        DROP TRIGGER IF EXISTS "TR_DisclosureTreeHeads_NoDelete" ON "DisclosureTreeHeads";
        DROP TRIGGER IF EXISTS "TR_DisclosureTreeHeads_NoUpdate" ON "DisclosureTreeHeads";
        DROP TRIGGER IF EXISTS "TR_Disclosures_NoTruncate" ON "Disclosures";
        DROP TRIGGER IF EXISTS "TR_Disclosures_NoDelete" ON "Disclosures";
        DROP TRIGGER IF EXISTS "TR_Disclosures_NoUpdate" ON "Disclosures";
        DROP FUNCTION IF EXISTS "Disclosures_AppendOnly"();
        """;
}
