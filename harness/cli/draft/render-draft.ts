/**
 * The `tenantproof.config.ts` text of a draft contract. Everything the API description cannot say
 * (migrations, the application role, tenant and user columns, tables, provisioning, how to start
 * the service) is a `TODO` comment over a placeholder that still validates, so the draft loads,
 * and the first certify fails at the first placeholder that matters rather than at a typo.
 */
import { OPERATION_NAMES, type DraftContract, type DraftOperation, type DraftResource } from './draft-model.ts';
import { quote } from './ts-source.ts';

const WIDTH = 110;

export function renderDraft(d: DraftContract): string {
  const lines: string[] = [
    '/**',
    ...wrap(`Draft tenantproof contract for ${d.name}, made by \`${d.command}\` from the ${d.source}.`, ' * '),
    ...wrap(
      'It validates as it stands; each TODO marks what the description cannot say. Fill those in, then run: ' +
        'npx tenantproof certify --config <this file>. Every key, its default and meaning: node_modules/tenantproof/docs/contract.md.',
      ' * ',
    ),
    ' */',
    "import { defineConfig } from 'tenantproof';",
    '',
    ...d.helpers,
    '',
    ...d.notes.flatMap((n) => wrap(n, '// ')),
    ...(d.notes.length > 0 ? [''] : []),
    'export default defineConfig({',
    `  name: ${quote(d.name)},`,
    '  database: {',
    '    // auto: database.url if given, else a container when Docker is reachable, else embedded Postgres.',
    "    provider: 'auto',",
    '    // TODO: your migrations: SQL files applied in order, or { command: [...] } run with DATABASE_URL set to the admin URL.',
    "    migrations: { files: ['migrations/001_init.sql'] },",
    '    // TODO: the role your service connects as; it must not own the tables (RLS is proven for that role).',
    "    appRole: { name: 'app_user', password: 'change-me' },",
    '    // TODO: the settings your service sets per request (set_config) that your RLS policies read.',
    "    context: { tenantSetting: 'app.current_tenant', userSetting: 'app.current_user' },",
    '    // TODO: the tenant and user columns of your tables.',
    "    tenantColumn: 'tenant_id',",
    "    userColumn: 'user_id',",
    '  },',
    '  identity: {',
    '    // TODO: how your service verifies tokens: mode (jwks, public-key, shared-secret), algorithms (default RS256, ES256),',
    '    // claim names (default sub, tenant_id, role, amr), issuer and audience if it expects fixed ones.',
    "    mode: 'jwks',",
    ...wrap(d.transport.note, '    // '),
    `    transport: ${d.transport.source},`,
    '  },',
    '  target: {',
    '    // TODO: how to start your service. It is given PORT, HOST, DATABASE_URL (as the app role), DATABASE_ADMIN_URL,',
    '    // JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_ALGORITHMS; add or rename with env: (c) => ({ ... }).',
    "    command: ['npm', 'start'],",
    ...wrap(d.healthPath.note, '    // '),
    `    healthPath: ${quote(d.healthPath.path)},`,
    '  },',
    '  provisioning: {',
    '    tenants: 3, // at least 2: isolation needs a victim',
    '    usersPerTenant: 2,',
    '    resourcesPerUser: 2,',
    '    // TODO: the roles your users have; each role gets users in every tenant.',
    "    roles: ['member'],",
    '    // TODO: how your sign-up creates tenants and users, run on the admin connection. When the database mints the',
    "    // id, return it: 'insert into orgs (name) values ($1) returning id'.",
    "    createTenant: { sql: 'insert into tenants (id, name) values ($1, $2)', params: (t) => [t.id, t.name] },",
    "    createUser: { sql: 'insert into users (id, tenant_id, email, role) values ($1, $2, $3, $4)', params: (u) => [u.id, u.tenantId, u.email, u.role] },",
    '  },',
    '  resources: {',
    ...d.resources.flatMap(renderResource),
    '  },',
    ...(d.expectations ? [...d.expectations.notes.flatMap((n) => wrap(n, '  // ')), `  expectations: ${d.expectations.source},`] : []),
    '});',
    '',
  ];
  return lines.join('\n');
}

function renderResource(r: DraftResource): string[] {
  const ids = r.idType === 'integer' ? 'integer (builders get it as a string)' : r.idType;
  return [
    ...wrap(`From ${r.from}; ids: ${ids}, from the ${r.idFrom}.`, '    // '),
    ...r.todos.flatMap((t) => wrap(t, '    // ')),
    `    ${r.key}: {`,
    "      // TODO: 'tenant' if every user of the tenant may see it, 'user' if only its owner may.",
    "      scope: 'tenant',",
    '      // TODO: its table; add idColumn, tenantColumn, userColumn where they differ from id and the database defaults.',
    `      table: ${quote(r.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))},`,
    ...r.keys.map(([k, v]) => `      ${k}: ${v},`),
    ...OPERATION_NAMES.flatMap((name) => {
      const op = r.operations[name];
      return op ? renderOperation(name, op) : [];
    }),
    '    },',
  ];
}

function renderOperation(name: string, op: DraftOperation): string[] {
  return [
    `      ${name}: {`,
    ...wrap(op.from, '        // '),
    ...op.todos.flatMap((t) => wrap(t, '        // ')),
    `        request: ${op.request},`,
    ...op.keys.map(([k, v]) => `        ${k}: ${v},`),
    '      },',
  ];
}

/** `text` as comment lines of at most WIDTH columns, each starting with `prefix`. */
function wrap(text: string, prefix: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(prefix + line);
  return out.map((l) => l.trimEnd());
}
