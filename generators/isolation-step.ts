import fc from 'fast-check';

/** What one step of a stateful isolation sequence does; `create` first, so shrinking prefers it. */
export type IsolationOp = 'create' | 'read' | 'list' | 'search' | 'update' | 'delete';
export const ISOLATION_OPS: readonly IsolationOp[] = ['create', 'read', 'list', 'search', 'update', 'delete'];

/** One step: an operation by a user (world index) on a resource (index into the checked ones). */
export interface IsolationStep {
  op: IsolationOp;
  actor: number;
  resource: number;
  /** Which row created earlier in the sequence the step targets (taken modulo their count). */
  row: number;
}

export interface IsolationStepConstraints {
  /** Number of provisioned users (actors are world indices below it). */
  users: number;
  /** Number of resources under test. */
  resources: number;
  /** Operations to draw from (default: all); undeclared operations are left out by the caller. */
  ops?: readonly IsolationOp[];
}

/**
 * One step of a create/read/list/search/update/delete sequence by a random actor, as plain data;
 * the stateful property turns steps into fast-check commands. Shrinks towards a create by the
 * first user on the first resource, so a shrunk sequence reads as the fewest, simplest moves.
 */
export function isolationStep(constraints: IsolationStepConstraints): fc.Arbitrary<IsolationStep> {
  const { users, resources, ops = ISOLATION_OPS } = constraints;
  if (!Number.isInteger(users) || users < 2) throw new Error(`isolationStep: users must be an integer >= 2, got ${users}`);
  if (!Number.isInteger(resources) || resources < 1) throw new Error(`isolationStep: resources must be an integer >= 1, got ${resources}`);
  if (ops.length === 0) throw new Error('isolationStep: ops must not be empty');
  return fc.record({
    op: fc.constantFrom(...ops),
    actor: fc.nat({ max: users - 1 }),
    resource: fc.nat({ max: resources - 1 }),
    row: fc.nat({ max: 7 }),
  });
}
