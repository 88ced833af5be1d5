/**
 * `junit.xml`: one test case per invariant, so any CI system shows the verdicts natively. A
 * violation is a `<failure>` whose body is the counterexample and its replay command; error and
 * inconclusive are `<error>` (the run proved nothing about them); skipped is `<skipped>`. Waived is
 * `<skipped>` too, its message the waiver's reason and its body the finding: a CI page then shows
 * it apart from what passed (a passed case would bury an accepted weakness among what held) and
 * does not fail the build for what the contract accepted until a date.
 */
import path from 'node:path';
import { renderFinding } from './console-summary.ts';
import { interruptedNote } from './interrupted-note.ts';
import type { Reporter } from './reporter.ts';
import type { Summary } from './summary.ts';
import { writeReportFile } from './write-report-file.ts';

const xml = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- XML 1.0 allows exactly these control characters (tab, LF, CR); the class names them on purpose.
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Renders the JUnit XML document for a summary. */
export function renderJunit(summary: Summary): string {
  const count = (k: string) => summary.invariants.filter((v) => v.verdict === k).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = summary.invariants.reduce((t, v) => t + v.durationMs, 0);
  const cases = summary.invariants.map((v) => {
    const props = [
      ['verdict', v.verdict],
      ['severity', v.severity],
      ['owasp', v.owasp],
      ['cwe', v.cwe],
      ['cases', String(v.cases)],
      ...(v.counterexample
        ? [
            ['seed', String(v.counterexample.seed)],
            ['path', v.counterexample.path],
            ['replay', v.counterexample.replay],
          ]
        : []),
      ...(v.waiver
        ? [
            ['waiver', v.waiver.reason],
            ['waiverUntil', v.waiver.until],
          ]
        : []),
    ]
      .map(([name, value]) => `        <property name="${xml(name!)}" value="${xml(value!)}"/>`)
      .join('\n');
    const body = xml(renderFinding(v).join('\n'));
    const outcome =
      v.verdict === 'violated'
        ? `      <failure type="violated" message="${xml(v.reason ?? 'violated')}">${body}</failure>\n`
        : v.verdict === 'error' || v.verdict === 'inconclusive'
          ? `      <error type="${v.verdict}" message="${xml(v.reason ?? v.verdict)}">${body}</error>\n`
          : v.verdict === 'waived'
            ? `      <skipped type="waived" message="${xml(`waived until ${v.waiver?.until ?? '?'}: ${v.waiver?.reason ?? ''}`)}">${body}</skipped>\n`
            : v.verdict === 'skipped'
              ? `      <skipped message="${xml(v.reason ?? 'skipped')}"/>\n`
              : '';
    return `    <testcase classname="tenantproof.${xml(v.id.replace(/-\d+$/, ''))}" name="${xml(`${v.id} ${v.title}`)}" time="${seconds(v.durationMs)}">\n      <properties>\n${props}\n      </properties>\n${outcome}    </testcase>`;
  });
  const envError = summary.error
    ? `    <testcase classname="tenantproof.environment" name="environment" time="0">\n      <error type="${xml(summary.error.code)}" message="${xml(summary.error.message)}"/>\n    </testcase>\n`
    : '';
  const errors = count('error') + count('inconclusive') + (summary.error ? 1 : 0);
  const tests = summary.invariants.length + (summary.error ? 1 : 0);
  // A CI page shows suite properties beside the counts: a partial run must not read as a whole one.
  const note = interruptedNote(summary);
  const interrupted = note ? `      <property name="interrupted" value="${xml(note)}"/>\n` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tenantproof" tests="${tests}" failures="${count('violated')}" errors="${errors}" skipped="${count('skipped') + count('waived')}" time="${seconds(total)}">`,
    `  <testsuite name="${xml(`tenantproof ${summary.target.name}`)}" tests="${tests}" failures="${count('violated')}" errors="${errors}" skipped="${count('skipped') + count('waived')}" time="${seconds(total)}" timestamp="${xml(summary.startedAt)}">`,
    `    <properties>\n      <property name="seed" value="${summary.seed}"/>\n      <property name="profile" value="${xml(summary.profile)}"/>\n      <property name="runId" value="${xml(summary.runId)}"/>\n${interrupted}    </properties>`,
    ...cases,
    `${envError}  </testsuite>`,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Writes `junit.xml` into the run folder at the end of the run. */
export function junitReporter(runDir: string): Reporter {
  return {
    name: 'junit.xml',
    onRunEnd(summary) {
      writeReportFile(path.join(runDir, 'junit.xml'), renderJunit(summary));
    },
  };
}
