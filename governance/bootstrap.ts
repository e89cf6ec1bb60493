/**
 * Installation: the first chief executive. Nobody inside the system can
 * approve the first approver, so the installation does, once: refused as
 * soon as any active chief executive exists. The operator attests the
 * chief's training (recorded_by "system:bootstrap"); the act is audited.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { User } from '../gateway/identity.ts';
import { approveAccount, insertAccount, type Approval } from './accounts.ts';
import type { GovernanceContext } from './context.ts';
import { recordAct } from './context.ts';
import { checkPerson, type PersonRequest } from './identities.ts';
import { currentCourse, recordCompletion } from './training.ts';

export async function bootstrapChief(
  ctx: GovernanceContext,
  p: Omit<PersonRequest, 'role'>,
  trainedAtMs: number,
): Promise<Approval> {
  const chiefs = await ctx.db.query(
    `SELECT 1 FROM accounts WHERE role = 'chief_executive' AND status = 'active'`,
  );
  if (chiefs.length > 0) {
    throw new AlprError(
      ErrorCodes.ACCOUNT_STATE_INVALID,
      'an active chief executive exists; use approval',
      {},
    );
  }
  const person = { ...p, role: 'chief_executive' };
  checkPerson(person);
  const justification = 'installation: first chief executive';
  const a = await insertAccount(
    ctx,
    { ...person, justification },
    'requested',
    'system:installation',
  );
  const system: User = {
    user_id: 'system:bootstrap',
    name: 'installation',
    agency_id: p.agency_id,
    roles: ['program_admin', 'chief_executive'],
  };
  const course = await currentCourse(ctx.db);
  if (!course) {
    throw new AlprError(
      ErrorCodes.TRAINING_COURSE_INVALID,
      'publish the training course before the first chief',
      {},
    );
  }
  await recordCompletion(ctx, system, {
    username: a.username,
    course_version: course.version,
    completed_at_ms: trainedAtMs,
  });
  await recordAct(ctx, {
    action: 'account.bootstrap',
    actor: 'system:bootstrap',
    details: { username: a.username },
  });
  return approveAccount(ctx, system, a.username);
}
