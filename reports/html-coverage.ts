/** The coverage section of report.html: per invariant, operations down and families across with probe counts; then what was never reached. */
import type { Coverage } from './coverage.ts';
import { escapeHtml as h } from './html-escape.ts';

export function coverageHtml(coverage: Coverage | undefined): string {
  if (!coverage) return '<p>This bundle has no coverage.json.</p>';
  const tables = coverage.invariants
    .filter((c) => c.probes > 0)
    .map((c) => {
      const families = [...new Set(Object.values(c.matrix).flatMap((f) => Object.keys(f)))].sort();
      const rows = Object.entries(c.matrix).map(([op, counts]) => `<tr><th>${h(op)}</th>${families.map((f) => `<td>${counts[f] ?? '–'}</td>`).join('')}</tr>`);
      return `<h3>${h(c.id)}: ${c.probes} probes, ${c.cases} cases</h3><table class="coverage-matrix" data-invariant="${h(c.id)}"><thead><tr><th>operation</th>${families.map((f) => `<th>${h(f)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
    });
  const { invariants, operations } = coverage.neverReached;
  const never = [
    ...invariants.map((i) => `<li><strong>${h(i.id)}</strong> (${h(i.verdict)}): ${h(i.reason)}</li>`),
    ...operations.map((op) => `<li>operation <code>${h(op)}</code>: no probe of any invariant</li>`),
  ];
  return `${tables.join('') || '<p>No probes recorded.</p>'}<h3>Never reached</h3>${never.length ? `<ul id="never-reached">${never.join('')}</ul>` : '<p>Every invariant sent probes and every declared operation was probed.</p>'}`;
}
