import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { EvidenceLine } from '../../reports/evidence-lines.ts';
import { EvidenceTail } from './evidence-tail.ts';

const line = (invariant: string, label: string) => `${JSON.stringify({ time: 't', invariant, kind: 'http', label, request: {}, note: 'é' })}\n`;

describe('EvidenceTail', () => {
  test('hands on each complete line once, a half-appended one when it is whole', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tp-tail-')), 'evidence.ndjson');
    const seen: EvidenceLine[] = [];
    const tail = new EvidenceTail(file, (l) => seen.push(l));
    tail.read();
    appendFileSync(file, line('A-1', 'control') + line('A-1', 'probe'));
    const half = line('B-1', 'probe');
    appendFileSync(file, half.slice(0, 20));
    tail.read();
    expect(seen.map((l) => `${l.invariant}/${l.label}`)).toEqual(['A-1/control', 'A-1/probe']);
    appendFileSync(file, half.slice(20) + 'not json\n');
    tail.read();
    tail.read();
    expect(seen.map((l) => `${l.invariant}/${l.label}`)).toEqual(['A-1/control', 'A-1/probe', 'B-1/probe']);
  });
});
