import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { ClaimDetail } from '../api/pending-contract';
import { useSession } from '../api/session';
import { HUMAN_STEP_ROLE, HUMAN_STEPS, useHeldTasks, useMyTasks, useTakeNext, useTransition, type HumanStep } from '../api/workflow';
import { ConflictNotice } from '../components/ConflictNotice';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { hasAnyRole } from '../shell/access';
import { LEASE_MANAGERS, LEASE_WATCHERS } from './access';
import { LeaseCountdown } from './LeaseCountdown';
import { ManageLeaseDialog } from './ManageLeaseDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { useShortcuts } from './shortcuts';

/**
 * My queue, one tab per step the person works: take the next task (its lease counting down), the tasks
 * leased to me, release. Editors and auditors also see who holds what in the step; editors reassign.
 * Single-key shortcuts (`?` lists them) drive the main path without a mouse.
 */
export function QueueScreen() {
  const { t } = useI18n();
  const { step } = useSearch({ from: '/signed-in/queue' });
  const navigate = useNavigate({ from: '/queue' });
  const { data: session } = useSession();
  const user = session!.user;
  const workable = HUMAN_STEPS.filter((s) => user.roles.includes(HUMAN_STEP_ROLE[s]));
  const watcher = hasAnyRole(user, LEASE_WATCHERS);
  const steps = watcher ? HUMAN_STEPS : workable;
  const current = step && steps.includes(step) ? step : steps[0]!;
  const works = workable.includes(current);

  const mine = useMyTasks();
  const held = useHeldTasks(current, watcher);
  const takeNext = useTakeNext();
  const release = useTransition();
  const [emptyStep, setEmptyStep] = useState<HumanStep | null>(null);
  const [focusClaim, setFocusClaim] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  const myTasks = (mine.data ?? []).filter((claim) => claim.state === current);

  const take = () => {
    if (!works || takeNext.isPending) return;
    takeNext.mutate(current, {
      onSuccess: (claim) => {
        setEmptyStep(claim ? null : current);
        setFocusClaim(claim?.id ?? null);
      },
    });
  };
  const taskLinks = () => [...(panel.current?.querySelectorAll<HTMLAnchorElement>('a.task-open') ?? [])];
  const move = (delta: number) => {
    const links = taskLinks();
    if (!links.length) return;
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    links[at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + delta))]!.focus();
  };

  // The task just taken gets the focus once its row is drawn, so Enter opens it.
  useEffect(() => {
    if (!focusClaim) return;
    const link = taskLinks().find((a) => a.dataset.claim === focusClaim);
    if (link) {
      link.focus();
      setFocusClaim(null);
    }
  }, [focusClaim, mine.data]);

  useShortcuts([
    { key: 'n', run: take },
    { key: 'j', run: () => move(1) },
    { key: 'k', run: () => move(-1) },
    { key: '?', run: () => setHelpOpen(true) },
  ]);

  return (
    <section aria-labelledby="queue-title" className="queue">
      <div className="screen-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <Button className="react-aria-Button quiet" onPress={() => setHelpOpen(true)}>
          {t('queue.shortcuts.open')}
        </Button>
      </div>
      <Tabs selectedKey={current} onSelectionChange={(key) => void navigate({ search: { step: key as HumanStep }, replace: true })}>
        <TabList aria-label={t('queue.steps')}>
          {steps.map((s) => (
            <Tab key={s} id={s}>
              {t(`claim.state.${s}` as MessageKey)}
            </Tab>
          ))}
        </TabList>
        {steps.map((s) => (
          <TabPanel key={s} id={s}>
            {s === current ? (
              <div ref={panel}>
                {works ? (
                  <>
                    <div className="row take-next">
                      <Button onPress={take} isPending={takeNext.isPending} aria-keyshortcuts="n">
                        {t('queue.takeNext')}
                      </Button>
                      <span className="hint">{t('queue.takeNext.hint')}</span>
                    </div>
                    <div aria-live="polite" className="status">
                      {emptyStep === current ? <p>{t('queue.empty', { step: t(`claim.state.${current}` as MessageKey) })}</p> : null}
                    </div>
                    <ProblemMessage error={takeNext.error} />
                    <ConflictNotice error={release.error} onReload={() => void mine.refetch().then(() => release.reset())} />
                    {release.error && !(release.error as { isConflict?: boolean }).isConflict ? <ProblemMessage error={release.error} /> : null}
                    <h2 id="mine-title">{t('queue.mine')}</h2>
                    {mine.isPending ? (
                      <p role="status">{t('app.loading')}</p>
                    ) : myTasks.length === 0 ? (
                      <p>{t('queue.mine.none')}</p>
                    ) : (
                      <ul className="tasks" aria-labelledby="mine-title">
                        {myTasks.map((claim) => (
                          <TaskRow key={claim.id} claim={claim}>
                            <Button
                              className="react-aria-Button quiet"
                              isPending={release.isPending && release.variables?.claimId === claim.id}
                              onPress={() => release.mutate({ claimId: claim.id, transition: { action: 'release', version: claim.version } })}
                            >
                              {t('queue.release')}
                            </Button>
                          </TaskRow>
                        ))}
                      </ul>
                    )}
                  </>
                ) : null}
                {watcher ? <HeldTasks step={current} tasks={held.data} error={held.error} meId={user.id} canHold={works} canManage={hasAnyRole(user, LEASE_MANAGERS)} /> : null}
              </div>
            ) : null}
          </TabPanel>
        ))}
      </Tabs>
      <ShortcutHelp isOpen={helpOpen} onOpenChange={setHelpOpen} />
    </section>
  );
}

/** One leased task: its statement opens the article with the claim beside it. */
function TaskRow({ claim, holder, children }: { claim: ClaimDetail; holder?: string; children?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <li className="task">
      <Link to="/articles/$articleId" params={{ articleId: claim.articleId }} search={{ claim: claim.id }} className="task-open" data-claim={claim.id}>
        <UserText text={claim.statement} />
      </Link>
      <span className="task-meta">
        <span className={`priority priority-${claim.priority}`}>{t(`claim.priority.${claim.priority}` as MessageKey)}</span>
        {claim.dueAt ? (
          <span>
            {t('queue.due')} <DateTime value={claim.dueAt} />
          </span>
        ) : null}
        {holder ? <span>{holder}</span> : null}
        {claim.leaseExpiresAt ? <LeaseCountdown until={claim.leaseExpiresAt} /> : null}
      </span>
      <span className="task-actions">{children}</span>
    </li>
  );
}

/** Who holds what in a step: every unexpired lease, for editors (who can reassign or release) and auditors. */
function HeldTasks({ step, tasks, error, meId, canHold, canManage }: { step: HumanStep; tasks: ClaimDetail[] | undefined; error: unknown; meId: string; canHold: boolean; canManage: boolean }) {
  const { t } = useI18n();
  const [managing, setManaging] = useState<ClaimDetail | null>(null);
  // The API hands a task only to someone with the step's role: me when I work the step, and whoever holds one of its tasks.
  const holders = [...new Set([...(canHold ? [meId] : []), ...(tasks ?? []).map((claim) => claim.assigneeId!)])];
  const holderName = (id: string) => (id === meId ? t('queue.held.you') : t('queue.held.person', { id: id.slice(0, 8) }));
  return (
    <>
      <h2 id="held-title">{t('queue.held', { step: t(`claim.state.${step}` as MessageKey) })}</h2>
      <ProblemMessage error={error} />
      {!tasks ? (
        <p role="status">{t('app.loading')}</p>
      ) : tasks.length === 0 ? (
        <p>{t('queue.held.none')}</p>
      ) : (
        <ul className="tasks" aria-labelledby="held-title">
          {tasks.map((claim) => (
            <TaskRow key={claim.id} claim={claim} holder={holderName(claim.assigneeId!)}>
              {canManage ? (
                <Button className="react-aria-Button quiet" onPress={() => setManaging(claim)} aria-label={t('queue.manage.for', { statement: claim.statement })}>
                  {t('queue.manage')}
                </Button>
              ) : null}
            </TaskRow>
          ))}
        </ul>
      )}
      {managing ? <ManageLeaseDialog claim={managing} people={holders.filter((id) => id !== managing.assigneeId)} holderName={holderName} onClose={() => setManaging(null)} /> : null}
    </>
  );
}
