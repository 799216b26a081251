import { Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuthService } from '@app/auth';
import { ROLES, type Actor } from '@app/core';
import { CurrentActor, RequestId, Roles } from '../http/auth.js';
import { isoDateTime, uuidParam } from '../http/common-schemas.js';
import { ApiJsonResponse, ApiProblems, ZodBody, ZodParam } from '../http/openapi.js';
import { IssuedToken, Token, TokenList, User, UserList } from '../http/responses/users.js';

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
  @ApiJsonResponse(200, User)
  async me(@CurrentActor() actor: Actor) {
    return this.auth.getUser(actor.id);
  }

  @Post('users')
  @Roles('admin')
  @ApiJsonResponse(201, User, 'Created')
  @ApiProblems(409)
  @HttpCode(201)
  async create(@CurrentActor() actor: Actor, @RequestId() requestId: string, @ZodBody(CreateUserBody) body: z.infer<typeof CreateUserBody>) {
    return this.auth.createUser(actor, body, requestId);
  }

  @Get('users')
  @Roles('admin', 'auditor')
  @ApiJsonResponse(200, UserList)
  async list() {
    return { items: await this.auth.listUsers() };
  }

  @Get('users/:id')
  @Roles('admin', 'auditor')
  @ApiJsonResponse(200, User)
  @ApiProblems(404)
  async get(@ZodParam('id', uuidParam) id: string) {
    return this.auth.getUser(id);
  }

  @Patch('users/:id')
  @Roles('admin')
  @ApiJsonResponse(200, User)
  @ApiProblems(404, 409)
  async update(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(UpdateUserBody) body: z.infer<typeof UpdateUserBody>,
  ) {
    return this.auth.updateUser(actor, id, body, requestId);
  }

  /** The secret is in the response once and never again. */
  @Post('users/:id/tokens')
  @Roles('admin')
  @ApiJsonResponse(201, IssuedToken, 'Issued; the secret is in this answer only')
  @ApiProblems(404, 409)
  @HttpCode(201)
  async issueToken(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(IssueTokenBody) body: z.infer<typeof IssueTokenBody>,
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
  @ApiJsonResponse(200, TokenList)
  @ApiProblems(404)
  async listTokens(@ZodParam('id', uuidParam) id: string) {
    return { items: await this.auth.listTokens(id) };
  }

  @Delete('tokens/:id')
  @Roles('admin')
  @ApiJsonResponse(200, Token, 'Revoked')
  @ApiProblems(404)
  async revokeToken(@CurrentActor() actor: Actor, @RequestId() requestId: string, @ZodParam('id', uuidParam) id: string) {
    return this.auth.revokeToken(actor, id, requestId);
  }
}
