/**
 * DB family, catalog audit.
 * DB-6: every tenant table has RLS enabled and forced, every permissive policy constrains the
 * tenant column on every branch, INSERT/UPDATE policies have WITH CHECK, views over tenant tables
 * are security_invoker, no PUBLIC grants, SECURITY DEFINER functions pin search_path.
 */
import { expect, test } from 'vitest';
import { checkAudit } from '../harness/checks/check-audit.ts';
import { auditCatalog } from '../harness/database/catalog-audit.ts';
import { discoverTenantTables, tenantColumnNames, undiscoveredResourceTables, type TenantTable } from '../harness/database/tenant-tables.ts';
import { registerSuite } from '../harness/suite/context.ts';

const suite = registerSuite();

test('DB-6 catalog audit: RLS enabled, forced and well-formed on every tenant table', async () => {
  const ctx = suite();
  let tables: TenantTable[] = [];
  const verdict = await checkAudit(ctx, {
    invariant: 'DB-6',
    async control() {
      tables = await discoverTenantTables(ctx.admin, ctx.config);
      const missing = undiscoveredResourceTables(tables, ctx.config);
      if (tables.length === 0) return `no table has a tenant column (${tenantColumnNames(ctx.config).join(', ')})`;
      return missing.length ? `declared resource tables ${missing.join(', ')} are not in the catalog with the tenant column` : undefined;
    },
    audit: () => auditCatalog(ctx.admin, tables, ctx.config.database.context.tenantSetting),
    describe: (f) => `${f.kind} ${f.object}: ${f.problem} (fix: ${f.fix})`,
    details: () => ({
      tenantTables: tables.map((t) => t.name),
      undeclaredTenantTables: tables.filter((t) => !t.declared).map((t) => t.name),
    }),
  });
  ctx.record(verdict);
  expect(verdict.verdict, verdict.reason).toBe('held');
});
