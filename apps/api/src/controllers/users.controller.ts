import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuthService } from '@app/auth';
import { ROLES, type Actor } from '@app/core';
import { CurrentActor, RequestId, Roles } from '../http/auth.js';
import { isoDateTime, uuidParam } from '../http/common-schemas.js';
import { ApiJsonBody } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';

const CreateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  roles: z.array(z.enum(ROLES)).min(1),
});

const UpdateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  disabled: z.boolean().optional(),
  version: z.number().int().min(1),
});

const IssueTokenBody = z.strictObject({
  label: z.string().trim().min(1).max(200),
  expiresAt: isoDateTime.nullish(),
});

@ApiTags('users and tokens')
@Controller('v1')
export class UsersController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Get('me')
  @Roles(...ROLES)
  async me(@CurrentActor() actor: Actor) {
    return this.auth.getUser(actor.id);
  }

  @Post('users')
  @Roles('admin')
  @ApiJsonBody(CreateUserBody)
  @HttpCode(201)
  async create(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Body(new ZodValidationPipe(CreateUserBody)) body: z.infer<typeof CreateUserBody>) {
    return this.auth.createUser(actor, body, requestId);
  }

  @Get('users')
  @Roles('admin', 'auditor')
  async list() {
    return { items: await this.auth.listUsers() };
  }

  @Get('users/:id')
  @Roles('admin', 'auditor')
  async get(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.auth.getUser(id);
  }

  @Patch('users/:id')
  @Roles('admin')
  @ApiJsonBody(UpdateUserBody)
  async update(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(UpdateUserBody)) body: z.infer<typeof UpdateUserBody>,
  ) {
    return this.auth.updateUser(actor, id, body, requestId);
  }

  /** The secret is in the response once and never again. */
  @Post('users/:id/tokens')
  @Roles('admin')
  @ApiJsonBody(IssueTokenBody)
  @HttpCode(201)
  async issueToken(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(IssueTokenBody)) body: z.infer<typeof IssueTokenBody>,
  ) {
    const { token, details } = await this.auth.issueToken(
      actor,
      id,
      { label: body.label, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null },
      requestId,
    );
    return { ...details, token };
  }

  @Get('users/:id/tokens')
  @Roles('admin', 'auditor')
  async listTokens(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return { items: await this.auth.listTokens(id) };
  }

  @Delete('tokens/:id')
  @Roles('admin')
  async revokeToken(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.auth.revokeToken(actor, id, requestId);
  }
}
