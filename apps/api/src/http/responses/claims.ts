import { z } from 'zod';
import { CLAIM_KINDS, CLAIM_PRIORITIES } from '@app/claims';
import { STEPS } from '@app/workflow';
import { listOf, named, pageOf, timestamp } from '../openapi.js';

const codePoint = z.number().int().min(0);

export const TextQuoteSelector = named('TextQuoteSelector', z.strictObject({ type: z.literal('TextQuoteSelector'), exact: z.string(), prefix: z.string(), suffix: z.string() }));
export const TextPositionSelector = named(
  'TextPositionSelector',
  z.strictObject({ type: z.literal('TextPositionSelector'), start: codePoint, end: codePoint.describe('Exclusive; code points, not UTF-16 units.') }),
);
export const Anchor = named('Anchor', z.strictObject({ quote: TextQuoteSelector, position: TextPositionSelector }));

export const SimilarClaim = named('SimilarClaim', z.strictObject({ claimId: z.uuid(), statement: z.string(), state: z.string(), similarity: z.number() }));

/** What intake found. */
export const IntakeReport = named(
  'IntakeReport',
  z.strictObject({
    anchorVerified: z.boolean(),
    kind: z.enum(CLAIM_KINDS).nullable(),
    kindGuessed: z.boolean(),
    similarClaims: z.array(SimilarClaim),
    normalizedStatement: z.string(),
  }),
);

/** A date a claim means, as resolved when its suggestion was accepted. */
export const ClaimDate = named(
  'ClaimDate',
  z.strictObject({
    expression: z.string(),
    from: z.iso.date().nullable(),
    to: z.iso.date().nullable(),
    rule: z.string(),
    ambiguous: z.boolean(),
  }),
);

const claimFields = {
  id: z.uuid(),
  articleId: z.uuid(),
  statement: z.string(),
  kind: z.enum(CLAIM_KINDS).nullable(),
  claimant: z.string().nullable(),
  priority: z.enum(CLAIM_PRIORITIES),
  dueAt: timestamp.nullable(),
  state: z.enum(STEPS),
  transitionSeq: z.number().int(),
  assigneeId: z.string().nullable(),
  leaseExpiresAt: timestamp.nullable(),
  failedStep: z.string().nullable(),
  failure: z.string().nullable(),
  intake: IntakeReport.nullable().describe('What the intake step found; null before intake.'),
  unverifiableReason: z.string().nullable(),
  anchor: Anchor,
  dates: z.array(ClaimDate).nullable().describe('The dates the claim means, resolved against the publication time (from an accepted suggestion); null when none were.'),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int(),
};

/** A claim as submitted and listed (`ClaimView`). */
export const Claim = named('Claim', z.strictObject(claimFields));
export const ClaimPage = pageOf('ClaimPage', Claim);
export const ClaimList = listOf('ClaimList', Claim);

export const Proposal = named('Proposal', z.strictObject({ rating: z.string(), rationale: z.string(), proposedBy: z.string(), proposedAt: timestamp }));

/** A claim with the verdict under review (`WorkflowClaimView`): what reads and transitions answer. */
export const WorkflowClaim = named('WorkflowClaim', z.strictObject({ ...claimFields, proposal: Proposal.nullable() }));
export const WorkflowClaimList = listOf('WorkflowClaimList', WorkflowClaim);

/** The claim as a W3C Web Annotation (JSON-LD). */
export const Annotation = named(
  'Annotation',
  z.strictObject({
    '@context': z.literal('http://www.w3.org/ns/anno.jsonld'),
    id: z.string(),
    type: z.literal('Annotation'),
    motivation: z.literal('assessing'),
    created: timestamp,
    creator: z.strictObject({ id: z.string(), type: z.literal('Person') }),
    body: z.strictObject({
      type: z.literal('TextualBody'),
      value: z.string(),
      format: z.literal('text/plain'),
      language: z.string().optional().describe("The statement's own language, when it can be told (it is often not the article's)"),
      purpose: z.literal('describing'),
    }),
    target: z.strictObject({
      source: z.strictObject({ id: z.string(), type: z.literal('Text'), format: z.literal('text/plain'), language: z.string() }),
      selector: z.tuple([TextQuoteSelector, TextPositionSelector]),
    }),
  }),
);
