import type { Role } from '@app/core';
import { ACTIONS, decide, STEPS, TRANSITIONS, type Action, type Step, type TransitionContext } from './state-machine.js';

type Actor = TransitionContext['actor'];

const person = (id: string, ...roles: Role[]): Actor => ({ id, roles, system: false });
const SYSTEM: Actor = { id: 'system:test', roles: [], system: true };
const CHECKER = person('checker-1', 'checker');
const EDITOR = person('editor-1', 'editor');
const ADMIN = person('admin-1', 'admin');

const context = (step: Step, actor: Actor, extra: Partial<TransitionContext> = {}): TransitionContext => ({
  step,
  actor,
  leaseHolder: null,
  proposer: null,
  failedStep: null,
  ...extra,
});

/**
 * The workflow as the product describes it, written out by hand (not derived from TRANSITIONS), so a
 * change to the table that is not also made here fails. For each action: the steps where it exists,
 * and for each of them an actor allowed to take it, the context that makes it valid, and where it leads.
 */
interface Allowed {
  step: Step;
  actor: Actor;
  extra?: Partial<TransitionContext>;
  to: Step;
}

const HUMAN: Step[] = ['research', 'assessment', 'review'];
const HUMAN_ROLE: Record<string, Role> = { research: 'checker', assessment: 'checker', review: 'editor' };

const EXPECTED: Record<Action, Allowed[]> = {
  'complete-intake': [{ step: 'intake', actor: SYSTEM, to: 'research' }],
  fail: [{ step: 'intake', actor: SYSTEM, to: 'failed' }],
  retry: [
    { step: 'failed', actor: EDITOR, extra: { failedStep: 'intake' }, to: 'intake' },
    { step: 'failed', actor: ADMIN, extra: { failedStep: 'intake' }, to: 'intake' },
  ],
  take: HUMAN.map((step) => ({ step, actor: person(`${step}-worker`, HUMAN_ROLE[step]!), to: step })),
  release: HUMAN.map((step) => ({ step, actor: person('holder', HUMAN_ROLE[step]!), extra: { leaseHolder: 'holder' }, to: step })),
  'expire-lease': HUMAN.map((step) => ({ step, actor: SYSTEM, to: step })),
  'finish-research': [{ step: 'research', actor: CHECKER, to: 'assessment' }],
  propose: [{ step: 'assessment', actor: CHECKER, to: 'review' }],
  approve: [{ step: 'review', actor: EDITOR, extra: { proposer: 'checker-1' }, to: 'done' }],
  return: [
    { step: 'review', actor: EDITOR, extra: { proposer: 'checker-1', chosen: 'research', comment: 'source is wrong' }, to: 'research' },
    { step: 'review', actor: EDITOR, extra: { proposer: 'checker-1', chosen: 'assessment', comment: 'rating too harsh' }, to: 'assessment' },
  ],
  reassign: HUMAN.map((step) => ({ step, actor: EDITOR, to: step })),
  reopen: [
    { step: 'done', actor: EDITOR, extra: { chosen: 'research', comment: 'new evidence' }, to: 'research' },
    { step: 'done', actor: EDITOR, extra: { chosen: 'assessment', comment: 'new evidence' }, to: 'assessment' },
  ],
};

const allowedCases = (Object.entries(EXPECTED) as [Action, Allowed[]][]).flatMap(([action, cases]) =>
  cases.map((c) => [action, c.step, c.actor.system ? 'the system' : c.actor.roles.join('+'), c.to, c] as const),
);

const wrongStepCases = (Object.entries(EXPECTED) as [Action, Allowed[]][]).flatMap(([action, cases]) => {
  const allowedSteps = new Set(cases.map((c) => c.step));
  const sample = cases[0]!;
  return STEPS.filter((step) => !allowedSteps.has(step)).map((step) => [action, step, sample] as const);
});

describe('the transition table', () => {
  it('has a rule for every action and only for those', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS.map((action) => [action, EXPECTED[action].map((c) => c.step)] as const))(
    '"%s" exists exactly in the steps %j',
    (action, steps) => {
      expect([...TRANSITIONS[action].from].sort()).toEqual([...new Set(steps)].sort());
    },
  );
});

describe('decide: allowed transitions', () => {
  it.each(allowedCases)('"%s" in %s by %s leads to %s', (action, step, _who, to, c) => {
    expect(decide(action, context(step, c.actor, c.extra))).toEqual({ ok: true, to });
  });
});

describe('decide: an action outside its steps', () => {
  it.each(wrongStepCases)('"%s" is refused in %s as wrong-step', (action, step, sample) => {
    const decision = decide(action, context(step, sample.actor, sample.extra));
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'wrong-step' } });
  });

  it('a transition from done or failed to anywhere is refused unless reopen or retry', () => {
    for (const action of ACTIONS.filter((a) => a !== 'reopen')) {
      expect(decide(action, context('done', EDITOR, { chosen: 'research', comment: 'x' })).ok).toBe(false);
    }
    for (const action of ACTIONS.filter((a) => a !== 'retry')) {
      expect(decide(action, context('failed', EDITOR, { failedStep: 'intake', comment: 'x' })).ok).toBe(false);
    }
  });
});

describe('decide: roles', () => {
  const wrongRole: [Action, Step, Actor, Partial<TransitionContext>][] = [
    ['take', 'research', EDITOR, {}],
    ['take', 'assessment', EDITOR, {}],
    ['take', 'review', CHECKER, {}],
    ['take', 'research', person('reporter-1', 'reporter'), {}],
    ['finish-research', 'research', EDITOR, {}],
    ['finish-research', 'research', ADMIN, {}],
    ['propose', 'assessment', EDITOR, {}],
    ['approve', 'review', CHECKER, {}],
    ['approve', 'review', ADMIN, {}],
    ['return', 'review', CHECKER, { chosen: 'research', comment: 'why' }],
    ['reassign', 'research', CHECKER, {}],
    ['reassign', 'review', person('auditor-1', 'auditor'), {}],
    ['reopen', 'done', CHECKER, { chosen: 'assessment', comment: 'why' }],
    ['retry', 'failed', CHECKER, { failedStep: 'intake' }],
    ['retry', 'failed', person('reporter-1', 'reporter'), { failedStep: 'intake' }],
  ];

  it.each(wrongRole.map(([action, step, actor, extra]) => [action, step, actor.roles.join('+'), actor, extra] as const))(
    '"%s" in %s by a %s is refused as wrong-role',
    (action, step, _roles, actor, extra) => {
      expect(decide(action, context(step, actor, extra))).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
    },
  );

  it.each([
    ['complete-intake', 'intake'],
    ['fail', 'intake'],
    ['expire-lease', 'research'],
    ['expire-lease', 'review'],
  ] as const)('"%s" is done by the machine only: refused to people, even an admin or editor', (action, step) => {
    for (const actor of [ADMIN, EDITOR, CHECKER, person('all', 'admin', 'editor', 'checker', 'auditor', 'reporter')]) {
      expect(decide(action, context(step, actor))).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
    }
    expect(decide(action, context(step, SYSTEM)).ok).toBe(true);
  });

  it('the machine cannot take the actions of people', () => {
    expect(decide('approve', context('review', SYSTEM, { proposer: 'checker-1' }))).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
    expect(decide('take', context('research', SYSTEM))).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
    expect(decide('retry', context('failed', SYSTEM, { failedStep: 'intake' }))).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
  });
});

describe('decide: four-eyes in review', () => {
  const proposer = person('proposer-1', 'checker', 'editor');

  it.each([
    ['take', {}],
    ['approve', {}],
    ['return', { chosen: 'assessment', comment: 'needs work' }],
  ] as const)('"%s" by the proposer of the verdict is refused as four-eyes', (action, extra) => {
    expect(decide(action, context('review', proposer, { proposer: proposer.id, ...extra }))).toMatchObject({
      ok: false,
      refusal: { code: 'four-eyes' },
    });
  });

  it.each([
    ['take', {}],
    ['approve', {}],
    ['return', { chosen: 'assessment', comment: 'needs work' }],
  ] as const)('"%s" by another editor than the proposer is allowed', (action, extra) => {
    expect(decide(action, context('review', proposer, { proposer: 'someone-else', ...extra })).ok).toBe(true);
  });

  it('the proposer keeps the editor powers that do not judge the verdict (reassign)', () => {
    expect(decide('reassign', context('review', proposer, { proposer: proposer.id }))).toEqual({ ok: true, to: 'review' });
  });
});

describe('decide: leases', () => {
  const leasedCases: [Action, Step, Actor, Partial<TransitionContext>][] = [
    ['take', 'research', CHECKER, {}],
    ['take', 'assessment', CHECKER, {}],
    ['take', 'review', EDITOR, {}],
    ['finish-research', 'research', CHECKER, {}],
    ['propose', 'assessment', CHECKER, {}],
    ['approve', 'review', EDITOR, { proposer: 'checker-9' }],
    ['return', 'review', EDITOR, { proposer: 'checker-9', chosen: 'research', comment: 'why' }],
  ];

  it.each(leasedCases)('"%s" in %s inside someone else\'s unexpired lease is refused as task-leased', (action, step, actor, extra) => {
    expect(decide(action, context(step, actor, { ...extra, leaseHolder: 'another-person' }))).toMatchObject({
      ok: false,
      refusal: { code: 'task-leased' },
    });
  });

  it.each(leasedCases)('"%s" in %s by the lease holder is allowed', (action, step, actor, extra) => {
    expect(decide(action, context(step, actor, { ...extra, leaseHolder: actor.id })).ok).toBe(true);
  });

  it('an editor may reassign a task someone else holds', () => {
    expect(decide('reassign', context('research', EDITOR, { leaseHolder: 'checker-9' }))).toEqual({ ok: true, to: 'research' });
  });
});

describe('decide: release', () => {
  it('the lease holder releases their own task without a comment', () => {
    expect(decide('release', context('research', CHECKER, { leaseHolder: CHECKER.id }))).toEqual({ ok: true, to: 'research' });
  });

  it('a task nobody holds cannot be released', () => {
    expect(decide('release', context('research', CHECKER))).toMatchObject({ ok: false, refusal: { code: 'wrong-step' } });
  });

  it('another checker cannot release someone else\'s task', () => {
    expect(decide('release', context('research', CHECKER, { leaseHolder: 'checker-9', comment: 'mine now' }))).toMatchObject({
      ok: false,
      refusal: { code: 'task-leased' },
    });
  });

  it.each([undefined, '', '   '])('an editor releasing on someone else\'s behalf with comment %j is refused as comment-required', (comment) => {
    expect(decide('release', context('assessment', EDITOR, { leaseHolder: 'checker-9', comment }))).toMatchObject({
      ok: false,
      refusal: { code: 'comment-required' },
    });
  });

  it('an editor releasing on someone else\'s behalf with a comment is allowed', () => {
    expect(decide('release', context('assessment', EDITOR, { leaseHolder: 'checker-9', comment: 'on leave' }))).toEqual({ ok: true, to: 'assessment' });
  });
});

describe('decide: return and reopen need a reason and a valid destination', () => {
  const base = {
    return: { step: 'review' as Step, extra: { proposer: 'checker-9' } },
    reopen: { step: 'done' as Step, extra: {} },
  };

  describe.each(['return', 'reopen'] as const)('%s', (action) => {
    const { step, extra } = base[action];

    it.each([undefined, '', ' \n\t '])('with comment %j is refused as comment-required', (comment) => {
      expect(decide(action, context(step, EDITOR, { ...extra, chosen: 'research', comment }))).toMatchObject({
        ok: false,
        refusal: { code: 'comment-required' },
      });
    });

    it.each([undefined, 'intake', 'review', 'done', 'failed'] as const)('to %j is refused as invalid-destination', (chosen) => {
      expect(decide(action, context(step, EDITOR, { ...extra, chosen, comment: 'a reason' }))).toMatchObject({
        ok: false,
        refusal: { code: 'invalid-destination' },
      });
    });
  });
});

describe('decide: retry', () => {
  it('goes to the step that failed', () => {
    expect(decide('retry', context('failed', EDITOR, { failedStep: 'intake' }))).toEqual({ ok: true, to: 'intake' });
  });

  it('is refused when no failed step is recorded', () => {
    expect(decide('retry', context('failed', EDITOR))).toMatchObject({ ok: false, refusal: { code: 'invalid-destination' } });
  });

  it('is refused on a claim that has not failed', () => {
    expect(decide('retry', context('research', EDITOR, { failedStep: 'intake' }))).toMatchObject({ ok: false, refusal: { code: 'wrong-step' } });
  });
});
