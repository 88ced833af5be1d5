import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { checkFixedPort } from './fixed-port.ts';

describe('checkFixedPort', () => {
  test('a port below 1024: POSTGRES_PORT_PRIVILEGED, saying which ports work', async () => {
    await expect(checkFixedPort(22)).rejects.toMatchObject({
      code: 'POSTGRES_PORT_PRIVILEGED',
      message: expect.stringMatching(/^embedded Postgres cannot listen on 127\.0\.0\.1:22: .*set database\.port to 1024 or above, or leave it unset/),
    });
  });

  test('a port another process listens on: POSTGRES_PORT_IN_USE in one line; a free one passes', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await checkFixedPort(port).catch((e: Error & { code: string }) => e);
      expect(err).toMatchObject({ code: 'POSTGRES_PORT_IN_USE' });
      expect((err as Error).message).toBe(
        `embedded Postgres cannot listen on 127.0.0.1:${port}: the port is already in use (free it, or leave database.port unset for a random free port)`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    await expect(checkFixedPort(port)).resolves.toBeUndefined();
  });
});
