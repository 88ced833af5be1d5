import { describe, expect, it } from 'vitest';
import { dockerAvailable, startPostgres, type PostgresProviderKind } from './index.ts';

const docker = await dockerAvailable();

describe('startPostgres', () => {
  it.skipIf(docker.ok)(
    `auto picks embedded when Docker is not reachable, and says why${docker.ok ? ' (skipped: docker is reachable)' : ''}`,
    async () => {
      const lines: string[] = [];
      const server = await startPostgres('auto', { log: (line) => lines.push(line) });
      try {
        expect(server.kind).toBe('embedded');
        expect(lines[0]).toBe(`postgres: embedded (${docker.reason})`);
        expect(lines[0]).toMatch(/^postgres: embedded \(docker not reachable: .+\)$/);

        const viaUrl: string[] = [];
        const reached = await startPostgres('auto', { url: server.adminUrl(), log: (line) => viaUrl.push(line) });
        expect(reached.kind).toBe('url');
        expect(viaUrl).toEqual(['postgres: url (database.url is set)']);
      } finally {
        await server.stop();
      }
    },
    180_000,
  );

  it('url without a url is a configuration problem with a stable code', async () => {
    await expect(startPostgres('url', {})).rejects.toMatchObject({ code: 'POSTGRES_URL_MISSING', message: expect.stringContaining('database.url') });
  });

  it('an unknown provider names what is allowed', async () => {
    await expect(startPostgres('podman' as PostgresProviderKind)).rejects.toMatchObject({
      code: 'POSTGRES_PROVIDER_UNKNOWN',
      message: expect.stringContaining('expected auto, embedded, container or url, found "podman"'),
    });
  });
});
