import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocketServer } from 'ws';
import { RealtimeSocket } from './realtime-socket.ts';
import { isRefusalFrame, refusalOf, refusedYet, type SocketRefusal } from './socket-refusal.ts';

let server: Server;
let url: string;
const ERROR_FRAME = JSON.stringify({ type: 'error', code: 'rate_limited', detail: { retryMs: 500 } });

beforeAll(async () => {
  server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => (data.toString() === 'close' ? ws.close(4029, 'enough') : ws.send(ERROR_FRAME)));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const byClose: SocketRefusal = { statuses: [429], closeCodes: [4029] };
const byFrame: SocketRefusal = { statuses: [429], closeCodes: [4029], frame: { type: 'error', code: 'rate_limited' } };
const byPredicate: SocketRefusal = { statuses: [429], closeCodes: [], frame: (m) => (m as { code?: string }).code === 'rate_limited' };

/** A socket that sent `what` and got the server's answer to it. */
async function after(what: 'close' | 'refuse'): Promise<RealtimeSocket> {
  const socket = await RealtimeSocket.open({ url, timeoutMs: 2000 });
  socket.send(what);
  if (what === 'close') await socket.waitClosed(2000);
  else await socket.waitFor(() => true, 2000);
  return socket;
}

describe('refusalOf', () => {
  test('declared by close code: the code counts, an error frame on a socket left open does not', async () => {
    const closed = await after('close');
    expect(await refusalOf(closed, byClose, 300)).toMatchObject({ refused: true });
    const framed = await after('refuse');
    expect(await refusalOf(framed, byClose, 300)).toEqual({ refused: false, how: 'opened (101) and stayed open 300 ms' });
    await framed.close();
  });

  test.each([
    ['a partial object', byFrame],
    ['a predicate', byPredicate],
  ])('declared by an error frame (%s): the frame counts, a close code alone does not', async (_form, refusal) => {
    const framed = await after('refuse');
    expect(refusedYet(framed, refusal)).toBe(true);
    expect((await refusalOf(framed, refusal, 300)).refused).toBe(true);
    // Only frames from `from` on: an earlier refusal does not answer a later message.
    expect((await refusalOf(framed, refusal, 100, framed.frames.length)).refused).toBe(false);
    await framed.close();
    const closed = await after('close');
    expect(refusedYet(closed, refusal)).toBe(false);
    expect(await refusalOf(closed, refusal, 300)).toEqual({ refused: false, how: 'opened (101), closed 4029 without refusal frame within 300 ms' });
  });
});

describe('isRefusalFrame', () => {
  test('a partial object matches every key it names, compared as JSON, and nothing but objects', () => {
    expect(isRefusalFrame(byFrame, JSON.parse(ERROR_FRAME))).toBe(true);
    expect(isRefusalFrame({ ...byFrame, frame: { detail: { retryMs: 500 } } }, JSON.parse(ERROR_FRAME))).toBe(true);
    expect(isRefusalFrame(byFrame, { type: 'error', code: 'too_large' })).toBe(false);
    expect(isRefusalFrame(byFrame, 'rate_limited')).toBe(false);
    expect(isRefusalFrame(byClose, JSON.parse(ERROR_FRAME))).toBe(false);
  });
});
