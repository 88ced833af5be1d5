/**
 * Plausible filler for what a run provisions: company and person names, emails, short sentences,
 * from small word lists and a seedable generator. Services only need text their validation accepts
 * (an email that is one, a non-empty name, a sentence that fits a text column), so this replaces
 * @faker-js/faker, 10 MB of an install that used five of its functions. Seeded per run, so the same
 * seed fills the same text.
 */

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Frances',
  'Edsger',
  'Radia',
  'Donald',
  'Sophie',
  'John',
  'Hedy',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Knuth',
  'Wilson',
  'Backus',
  'Lamarr',
  'Lee',
];
const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Aperture'];
const SUFFIX = ['Inc', 'LLC', 'Group', 'and Sons', 'Labs', 'Systems'];
const WORDS =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat'.split(
    ' ',
  );

/** mulberry32: a 32-bit state is plenty for filler, and reseeding restarts the same sequence. */
let state = 1;
let emails = 0;
function next(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

export const filler = {
  seed(seed: number): void {
    state = seed | 0;
    emails = 0;
  },
  companyName: () => `${pick(COMPANY)} ${pick(SUFFIX)}`,
  firstName: () => pick(FIRST),
  lastName: () => pick(LAST),
  /** Lower-case and unique within the process (a counter), since services often key users by email. */
  email: (first: string, last: string, domain: string) => `${first}.${last}.${++emails}@${domain}`.toLowerCase(),
  /** Three to ten words, capitalised, with a full stop, as faker's `lorem.sentence()` gave. */
  sentence(): string {
    const words = Array.from({ length: 3 + Math.floor(next() * 8) }, () => pick(WORDS)).join(' ');
    return `${words[0]!.toUpperCase()}${words.slice(1)}.`;
  },
};
