import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocketServer } from 'ws';
import { RealtimeSocket } from './realtime-socket.ts';

let server: Server;
let url: string;
const peers: string[] = [];

beforeAll(async () => {
  server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    peers.push(req.socket.remoteAddress ?? '');
    if (req.url === '/refuse') return socket.end('HTTP/1.1 429 Too Many Requests\r\ncontent-length: 16\r\nconnection: close\r\n\r\n{"error":"SLOW"}');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => (data.toString() === 'bye' ? ws.close(4029, 'enough') : ws.send(data.toString())));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('RealtimeSocket', () => {
  test('a refused upgrade is data: status and body, no exception', async () => {
    const socket = await RealtimeSocket.open({ url: `${url}/refuse`, timeoutMs: 2000 });
    expect(socket.opened).toBe(false);
    expect(socket.status).toBe(429);
    expect(socket.refusal).toContain('SLOW');
    expect(socket.isClosed).toBe(true);
  });

  test('records parsed frames, waits for a match, and reports the close code', async () => {
    const socket = await RealtimeSocket.open({ url: `${url}/echo`, timeoutMs: 2000 });
    expect(socket.opened).toBe(true);
    socket.send({ type: 'ping', id: 1 });
    const frame = await socket.waitFor((m) => (m as { id?: number }).id === 1, 2000);
    expect(frame?.message).toEqual({ type: 'ping', id: 1 });
    socket.send('bye');
    expect(await socket.waitClosed(2000)).toBe(true);
    expect(socket.closeCode).toBe(4029);
    expect(socket.send('late')).toBe(0);
  });

  test('binds to the requested loopback source address', async () => {
    const socket = await RealtimeSocket.open({ url: `${url}/echo`, timeoutMs: 2000, localAddress: '127.9.1.1' });
    await socket.close();
    expect(peers.at(-1)).toBe('127.9.1.1');
    expect(socket.isClosed).toBe(true);
  });
});
