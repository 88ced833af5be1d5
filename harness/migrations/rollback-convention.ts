/**
 * MIG-4: how a forward migration's rollback script is named. Templates use `{name}` for the part
 * both share and resolve against the forward file's directory: golang-migrate is
 * `{ forward: '{name}.up.sql', rollback: '{name}.down.sql' }`, a separate folder is
 * `{ forward: '{name}.sql', rollback: 'rollback/{name}.sql' }`.
 */
import path from 'node:path';

export interface RollbackConvention {
  /** Default `{name}.sql`. */
  forward?: string;
  rollback: string;
}

/** The convention compiled: which files are rollbacks, and where a forward file's rollback lives. */
export interface CompiledConvention {
  isRollback(file: string): boolean;
  /** The rollback path for `file`, or undefined when `file` does not follow the forward template. */
  rollbackOf(file: string): string | undefined;
  describe: string;
}

/** Compiles a convention; a template without exactly one `{name}` is a usage error the caller reports. */
export function compileConvention(convention: RollbackConvention): CompiledConvention {
  const forward = convention.forward ?? '{name}.sql';
  for (const template of [forward, convention.rollback]) {
    if (template.split('{name}').length !== 2) throw new Error(`rollback naming template ${JSON.stringify(template)} must contain {name} exactly once`);
  }
  const forwardName = basenamePattern(forward);
  // A rollback in the forward files' own directory is recognised by its name; one in another
  // directory is never among the forward files (directories are read one level deep).
  const rollbackName = path.posix.dirname(convention.rollback) === '.' ? basenamePattern(convention.rollback) : undefined;
  return {
    describe: `${forward} -> ${convention.rollback}`,
    isRollback: (file) => Boolean(rollbackName?.test(path.basename(file))),
    rollbackOf(file) {
      const name = forwardName.exec(path.basename(file))?.[1];
      return name === undefined ? undefined : path.join(path.dirname(file), convention.rollback.replace('{name}', name));
    },
  };
}

function basenamePattern(template: string): RegExp {
  const [before, after] = path.posix
    .basename(template)
    .split('{name}')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${before}(.+)${after}$`);
}
