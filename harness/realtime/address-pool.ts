/**
 * Distinct loopback source addresses, one per simulated client IP. Never 127.0.0.1: the other
 * suites use it, and a flood or ban on it would disturb them. Each pool owns one /16
 * (127.<block>.0.0), so suites that ban or exhaust budgets never share an address.
 */
export class AddressPool {
  #next = 0;

  constructor(readonly block: number) {
    if (!Number.isInteger(block) || block < 2 || block > 254) throw new RangeError(`address block must be an integer in 2..254, found ${block}`);
  }

  /** A loopback address this pool has not handed out before. */
  next(): string {
    const n = this.#next++;
    if (n >= 254 * 254) throw new RangeError(`address block 127.${this.block}.0.0/16 exhausted`);
    return `127.${this.block}.${Math.floor(n / 254) + 1}.${(n % 254) + 1}`;
  }
}
