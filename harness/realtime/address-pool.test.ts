import { describe, expect, test } from 'vitest';
import { AddressPool } from './address-pool.ts';

describe('AddressPool', () => {
  test('hands out distinct loopback addresses inside its block, never 127.0.0.1', () => {
    const pool = new AddressPool(7);
    const addresses = Array.from({ length: 600 }, () => pool.next());
    expect(new Set(addresses).size).toBe(600);
    for (const a of addresses) expect(a).toMatch(/^127\.7\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])$/);
  });

  test('refuses blocks that would include 127.0.0.1 or leave loopback', () => {
    expect(() => new AddressPool(0)).toThrow(/2\.\.254/);
    expect(() => new AddressPool(255)).toThrow(/2\.\.254/);
  });
});
