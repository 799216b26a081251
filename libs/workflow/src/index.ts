export * from './state-machine.js';
export { WorkflowModule } from './workflow.module.js';
export { WorkflowService, type TransitionRequest, type TaskFilter, type TimelineEntry, type WorkflowClaimView } from './workflow.service.js';
export { IntakeHandler } from './jobs/intake.handler.js';
export { NotifyHandler } from './jobs/notify.handler.js';
export { ClaimTransitionEntity } from './claim-transition.entity.js';
export { VerdictProposalEntity } from './verdict-proposal.entity.js';
export { NotificationEntity } from './notification.entity.js';
