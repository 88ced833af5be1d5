/**
 * The built-in invariant catalogue: every definition, in run order. The order is the one the suite
 * files ran in before each invariant had one home (largest file first): checks still share the
 * world's users and addresses, so moving a family could move budget between them.
 */
import type { InvariantDefinition } from '../harness/invariants/define-invariant.ts';
import { aud1 } from './audit.suite.ts';
import { auth1, auth2, auth3, auth4 } from './authentication.suite.ts';
import { web1, web2 } from './browser-guardrails.suite.ts';
import { db6 } from './database-catalog.suite.ts';
import { db7 } from './database-context.suite.ts';
import { db5 } from './database-escape.suite.ts';
import { db1, db2, db3, db4 } from './database-rls.suite.ts';
import { id1, id2 } from './identity.suite.ts';
import { mig1, mig2, mig3, mig4 } from './migrations.suite.ts';
import { po1, po2 } from './platform-owner.suite.ts';
import { auth5 } from './realtime-authentication.suite.ts';
import { ti6 } from './realtime-isolation.suite.ts';
import { rl3 } from './message-limits.suite.ts';
import { rl1, rl2, rl4, rl5 } from './socket-limits.suite.ts';
import { ti1, ti2, ti3, ti4, ti5 } from './tenant-isolation.suite.ts';
import { rl6, rl7, rl8 } from './traffic-limits.suite.ts';
import { ui1 } from './user-isolation.suite.ts';
import { web3 } from './websocket-origin.suite.ts';

export const INVARIANTS: readonly InvariantDefinition[] = [
  ...[rl1, rl2, rl3, rl4, rl5, rl6, rl7, rl8],
  ...[db1, db2, db3, db4, db5],
  ...[web1, web2],
  ti6,
  ...[po1, po2],
  aud1,
  ...[ti1, ti2, ti3, ti4, ti5],
  auth5,
  ...[auth1, auth2, auth3, auth4],
  ...[mig1, mig2, mig3, mig4],
  db7,
  web3,
  ...[id1, id2],
  db6,
  ui1,
];
