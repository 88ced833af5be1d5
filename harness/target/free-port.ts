/**
 * Finds a TCP port nothing is listening on, for a target (or Postgres) the harness starts.
 */
import { createServer } from 'node:net';

/**
 * Binds port 0 on `host`, reads the port the OS chose and releases it. Another process could take
 * it before the caller binds, but on loopback that race is rare, and a target that loses it exits
 * with EADDRINUSE, which `startTarget` reports with its output.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/** Resolves when `port` on `host` can be bound right now, rejects (EADDRINUSE) when it cannot. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => server.close((err) => (err ? reject(err) : resolve())));
  });
}
