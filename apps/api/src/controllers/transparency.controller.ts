import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService } from '@app/audit';
import { DomainError } from '@app/core';
import { Public } from '../http/auth.js';
import { IMMUTABLE, LATEST } from '../http/caching.js';
import { ApiJsonResponse, ApiProblems, ZodParam, ZodQuery } from '../http/openapi.js';
import { CheckpointConsistency, CurrentPublicKey, PublicKeys, SignedCheckpoint } from '../http/responses/audit.js';

const checkpointNumber = z.string().regex(/^[1-9]\d{0,15}$/, 'a checkpoint number (1 or more, no leading zeros)').transform(Number);
const ConsistencyQuery = z.strictObject({
  from: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  to: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/**
 * The audit log's public face (no token): the desk's public keys and its signed checkpoints, so that
 * anyone can keep a checkpoint and later hold the desk to it.
 */
@ApiTags('transparency')
@Controller('transparency')
export class TransparencyController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  /** The key the desk signs checkpoints with now. */
  @Get('public-key')
  @Public()
  @Header('Cache-Control', LATEST)
  @ApiJsonResponse(200, CurrentPublicKey)
  publicKey() {
    return this.audit.currentPublicKey();
  }

  /** Every key a checkpoint was ever signed with, by id (rotation keeps old checkpoints verifiable). */
  @Get('public-keys')
  @Public()
  @Header('Cache-Control', LATEST)
  @ApiJsonResponse(200, PublicKeys)
  async publicKeys() {
    return { items: await this.audit.publicKeys() };
  }

  @Get('checkpoints/latest')
  @Public()
  // Signed checkpoints never change; the latest changes with every checkpoint (see LATEST).
  @Header('Cache-Control', LATEST)
  @ApiJsonResponse(200, SignedCheckpoint)
  @ApiProblems(404)
  async latest() {
    return this.found(await this.audit.signedCheckpoint('latest'), 'latest');
  }

  /** What proves checkpoint `to` extends checkpoint `from` (an RFC 6962 consistency proof between their trees). */
  @Get('consistency')
  @Public()
  @Header('Cache-Control', IMMUTABLE)
  @ApiJsonResponse(200, CheckpointConsistency)
  @ApiProblems(404)
  async consistency(@ZodQuery(ConsistencyQuery) query: z.infer<typeof ConsistencyQuery>) {
    return this.audit.consistency(query.from, query.to);
  }

  @Get('checkpoints/:number')
  @Public()
  @Header('Cache-Control', IMMUTABLE)
  @ApiJsonResponse(200, SignedCheckpoint)
  @ApiProblems(404)
  async byNumber(@ZodParam('number', checkpointNumber) number: number) {
    return this.found(await this.audit.signedCheckpoint(number), String(number));
  }

  private found<T>(checkpoint: T | null, which: string): T {
    if (checkpoint === null) throw new DomainError('not-found', 'checkpoint-not-found', `No signed checkpoint ${which}.`);
    return checkpoint;
  }
}
