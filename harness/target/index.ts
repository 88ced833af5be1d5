/**
 * The target process manager: start the service under test, wait for health, stop its whole
 * process group; plus the free-port helper other starters reuse.
 */
export { freePort } from './free-port.ts';
export { startTarget, type StartedTarget, type StartTargetOptions } from './start-target.ts';
