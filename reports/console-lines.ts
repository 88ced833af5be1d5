/**
 * Console lines stay readable in CI logs, which truncate or choke on very long lines: a line over
 * the limit is cut and says where the whole text is. Bulk (bodies, shrunk values) lives in the
 * evidence bundle, never only on the console.
 */
export const MAX_CONSOLE_LINE = 2000;

/** `text` with every line over `max` characters cut, ending with how much was left out and where to find it. */
export function clampLines(text: string, where = 'the run folder', max = MAX_CONSOLE_LINE): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= max) return line;
      const tail = (omitted: number) => ` … (${omitted} more characters; the whole text is in ${where})`;
      // The tail's own length depends on the count it prints: size it with the longest count possible.
      const kept = max - tail(line.length).length;
      return `${line.slice(0, kept)}${tail(line.length - kept)}`;
    })
    .join('\n');
}
