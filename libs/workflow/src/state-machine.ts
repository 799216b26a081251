import type { Role } from '@app/core';

/**
 * The review workflow as one table. A claim is in exactly one step; each action says in which steps it
 * exists, who may take it and where it leads. Everything that enforces the workflow reads this table.
 */
export const STEPS = ['intake', 'research', 'assessment', 'review', 'done', 'failed'] as const;
export type Step = (typeof STEPS)[number];

/** Steps a machine carries out (each is a BullMQ queue). */
export const AUTOMATED_STEPS = ['intake'] as const satisfies readonly Step[];
export type AutomatedStep = (typeof AUTOMATED_STEPS)[number];

/** Steps people pull from a work queue, and the role that works them. */
export const HUMAN_STEP_ROLE = { research: 'checker', assessment: 'checker', review: 'editor' } as const satisfies Partial<Record<Step, Role>>;
export type HumanStep = keyof typeof HUMAN_STEP_ROLE;
export const HUMAN_STEPS = Object.keys(HUMAN_STEP_ROLE) as HumanStep[];

export const isAutomatedStep = (step: string): step is AutomatedStep => (AUTOMATED_STEPS as readonly string[]).includes(step);
export const isHumanStep = (step: string): step is HumanStep => step in HUMAN_STEP_ROLE;

export const ACTIONS = [
  'complete-intake',
  'fail',
  'retry',
  'take',
  'release',
  'expire-lease',
  'finish-research',
  'propose',
  'approve',
  'return',
  'reassign',
  'reopen',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who may take an action: the machine, the role that works the step, the lease holder, or the listed roles. */
type Actor = 'system' | 'step-role' | 'lease-holder' | readonly Role[];

/** Where an action leads: a fixed step, the same step, the step the request names, or the step that failed. */
type Destination = Step | 'same' | 'chosen' | 'failed-step';

export interface TransitionRule {
  from: readonly Step[];
  by: Actor;
  to: Destination;
  /** Steps the request may choose (for `to: 'chosen'`). */
  choices?: readonly Step[];
  /** The request must carry a non-empty comment (a return, a reopen, a release by someone else). */
  needsComment?: boolean;
  /** Someone else's unexpired lease blocks this action. */
  respectsLease?: boolean;
  /** Roles that may also take the action on someone else's behalf (they must then give a comment). */
  onBehalfBy?: readonly Role[];
  /** The actor must not be the proposer of the current verdict (four-eyes). */
  notProposer?: boolean;
}

export const TRANSITIONS: { readonly [A in Action]: TransitionRule } = {
  'complete-intake': { from: ['intake'], by: 'system', to: 'research' },
  fail: { from: ['intake'], by: 'system', to: 'failed' },
  retry: { from: ['failed'], by: ['editor', 'admin'], to: 'failed-step' },
  take: { from: HUMAN_STEPS, by: 'step-role', to: 'same', respectsLease: true, notProposer: true },
  release: { from: HUMAN_STEPS, by: 'lease-holder', onBehalfBy: ['editor'], to: 'same' },
  'expire-lease': { from: HUMAN_STEPS, by: 'system', to: 'same' },
  'finish-research': { from: ['research'], by: ['checker'], to: 'assessment', respectsLease: true },
  propose: { from: ['assessment'], by: ['checker'], to: 'review', respectsLease: true },
  approve: { from: ['review'], by: ['editor'], to: 'done', respectsLease: true, notProposer: true },
  return: { from: ['review'], by: ['editor'], to: 'chosen', choices: ['research', 'assessment'], needsComment: true, respectsLease: true, notProposer: true },
  reassign: { from: HUMAN_STEPS, by: ['editor'], to: 'same' },
  reopen: { from: ['done'], by: ['editor'], to: 'chosen', choices: ['research', 'assessment'], needsComment: true },
};

export interface TransitionContext {
  step: Step;
  actor: { id: string; roles: readonly Role[]; system: boolean };
  /** Current lease holder, if the lease has not expired. */
  leaseHolder: string | null;
  /** Proposer of the verdict under review, if any. */
  proposer: string | null;
  /** The automated step that failed (for retry). */
  failedStep: Step | null;
  chosen?: Step;
  comment?: string;
}

export type Refusal =
  | { code: 'wrong-step'; message: string }
  | { code: 'wrong-role'; message: string }
  | { code: 'four-eyes'; message: string }
  | { code: 'task-leased'; message: string }
  | { code: 'comment-required'; message: string }
  | { code: 'invalid-destination'; message: string };

/** Decides one transition: the step it leads to, or why it is refused. Pure; the service persists. */
export function decide(action: Action, context: TransitionContext): { ok: true; to: Step } | { ok: false; refusal: Refusal } {
  const rule = TRANSITIONS[action];
  const refuse = (refusal: Refusal) => ({ ok: false as const, refusal });
  const { actor } = context;
  if (!rule.from.includes(context.step)) {
    return refuse({ code: 'wrong-step', message: `"${action}" is not possible while the claim is in ${context.step} (only in ${rule.from.join(', ')}).` });
  }
  let onBehalf = false;
  if (rule.by === 'system') {
    if (!actor.system) return refuse({ code: 'wrong-role', message: `"${action}" is done by the machine only.` });
  } else if (rule.by === 'lease-holder') {
    if (!context.leaseHolder) return refuse({ code: 'wrong-step', message: 'This task is not leased to anyone.' });
    onBehalf = context.leaseHolder !== actor.id;
    if (onBehalf && !rule.onBehalfBy?.some((role) => actor.roles.includes(role))) {
      return refuse({ code: 'task-leased', message: 'This task is leased to someone else.' });
    }
  } else {
    const roles: readonly Role[] = rule.by === 'step-role' ? [HUMAN_STEP_ROLE[context.step as HumanStep]] : rule.by;
    if (!roles.some((role) => actor.roles.includes(role))) {
      return refuse({ code: 'wrong-role', message: `"${action}" in ${context.step} needs one of the roles: ${roles.join(', ')}.` });
    }
  }
  if (rule.notProposer && context.proposer === actor.id) {
    return refuse({ code: 'four-eyes', message: 'The verdict must be reviewed by someone other than its proposer.' });
  }
  if (rule.respectsLease && context.leaseHolder && context.leaseHolder !== actor.id) {
    return refuse({ code: 'task-leased', message: 'This task is leased to someone else; wait for the lease to end or ask an editor to reassign it.' });
  }
  if ((rule.needsComment || onBehalf) && !context.comment?.trim()) {
    return refuse({ code: 'comment-required', message: `"${action}" needs a comment saying why.` });
  }
  switch (rule.to) {
    case 'same':
      return { ok: true, to: context.step };
    case 'failed-step':
      return context.failedStep ? { ok: true, to: context.failedStep } : refuse({ code: 'invalid-destination', message: 'No failed step is recorded.' });
    case 'chosen':
      return context.chosen && rule.choices!.includes(context.chosen)
        ? { ok: true, to: context.chosen }
        : refuse({ code: 'invalid-destination', message: `"${action}" must name the step to go to: ${rule.choices!.join(' or ')}.` });
    default:
      return { ok: true, to: rule.to };
  }
}
