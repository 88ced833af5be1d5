import { describe, expect, test } from 'vitest';
import { idsInFrame } from './ids-in-frame.ts';

describe('idsInFrame', () => {
  test("an integer id counts only as the event's own id, never as a digit run in the text", () => {
    expect(idsInFrame('{"type":"pong","id":3,"at":1763900003}', undefined, ['3', '300'])).toEqual([]);
    expect(idsInFrame('{"type":"event","id":3}', '3', ['3', '4'])).toEqual(['3']);
  });
  test('a distinctive id is found anywhere in the frame', () => {
    const uuid = '2f1c7a3e-5b0d-4e8a-9c61-0d2b7e4f9a10';
    expect(idsInFrame(`{"type":"event","payload":{"ref":"${uuid}"}}`, undefined, [uuid, 'RG9jdW1lbnQ6NDI='])).toEqual([uuid]);
  });
});
