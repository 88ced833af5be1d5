import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { containerImage, startContainer } from './container.ts';
import { dockerAvailable } from './docker-available.ts';

const docker = await dockerAvailable();

describe('container provider', () => {
  it(`starts a container and answers select 1${docker.ok ? '' : ` (skipped: ${docker.reason})`}`, async (ctx) => {
    if (!docker.ok) ctx.skip(docker.reason);
    const lines: string[] = [];
    const server = await startContainer({ log: (line) => lines.push(line) });
    try {
      expect(server.kind).toBe('container');
      expect(lines.some((line) => line.startsWith('postgres: container postgres:18-alpine 18.'))).toBe(true);
      expect(server.serverVersion).toMatch(/^18\./);
      const client = new pg.Client({ connectionString: server.adminUrl() });
      await client.connect();
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      await server.createDatabase('tp_container');
      await server.dropDatabase('tp_container');
    } finally {
      await server.stop();
      await server.stop();
    }
  }, 300_000);

  it('runs the image asked for, else the postgres tag for the version, else postgres:18-alpine', () => {
    expect(containerImage({ image: 'ghcr.io/acme/pg:16', version: '17' })).toBe('ghcr.io/acme/pg:16');
    expect(containerImage({ version: '17-alpine' })).toBe('postgres:17-alpine');
    expect(containerImage({})).toBe('postgres:18-alpine');
  });
});
