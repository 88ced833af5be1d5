/**
 * DB family, catalog audit.
 * DB-6: every tenant table (the tenant registry included, and every partition the application role
 * can name) has RLS enabled and forced, every permissive policy constrains the tenant column on
 * every branch, new rows the role can write are checked by a WITH CHECK that does (or by a USING
 * that does, where WITH CHECK is left out), views over tenant tables are security_invoker, no
 * PUBLIC grants, SECURITY DEFINER functions pin search_path. Exempt tables are listed with their
 * reason; one that carries the tenant column is a finding.
 */
import { defineInvariant } from '../harness/invariants/define-invariant.ts';
import { OWASP } from '../harness/invariants/owasp.ts';
import { checkAudit } from '../harness/checks/check-audit.ts';
import { auditCatalog } from '../harness/database/catalog-audit.ts';
import { discoverTenantTables, tenantColumnNames, undiscoveredDeclaredTables, type TenantTable } from '../harness/database/tenant-tables.ts';

export const db6 = defineInvariant({
  id: 'DB-6',
  title: 'Catalog audit: RLS enabled, forced and well-formed everywhere',
  description: 'catalog audit: RLS enabled and forced, policies constrain the tenant column, WITH CHECK, invoker views, no PUBLIC grants, definer search_path',
  severity: 'high',
  owasp: OWASP.MISCONFIG,
  cwe: 'CWE-732',
  requires: ['database'],
  async run(ctx) {
    let tables: TenantTable[] = [];
    return checkAudit(ctx, {
      invariant: 'DB-6',
      async control() {
        tables = await discoverTenantTables(ctx.admin, ctx.config);
        const missing = undiscoveredDeclaredTables(tables, ctx.config);
        if (tables.length === 0) return `no table has a tenant column (${tenantColumnNames(ctx.config).join(', ')})`;
        return missing.length ? `declared tables ${missing.join(', ')} are not in the catalog with the tenant column` : undefined;
      },
      audit: () => auditCatalog(ctx.admin, tables, ctx.config.database.context.tenantSetting),
      describe: (f) => `${f.kind} ${f.object}: ${f.problem} (fix: ${f.fix})`,
      details: () => ({
        tenantTables: tables.map((t) => t.name),
        undeclaredTenantTables: tables.filter((t) => !t.declared && !t.registry).map((t) => t.name),
        tenantRegistry: tables.filter((t) => t.registry).map((t) => `${t.name} (tenant column ${t.tenantColumn})`),
        exempt: ctx.config.database.exempt.map((e) => `${e.table}: ${e.reason}`),
      }),
    });
  },
});
