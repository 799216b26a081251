import { z } from 'zod';
import { ROLES } from '@app/core';
import { listOf, named, timestamp } from '../openapi.js';

/** A user (`UserView`). */
export const User = named(
  'User',
  z.strictObject({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(z.enum(ROLES)),
    disabledAt: timestamp.nullable(),
    createdAt: timestamp,
    version: z.number().int(),
  }),
);
export const UserList = listOf('UserList', User);

/** An API token's details; never its secret, apart from the one answer that issues it. */
export const Token = named(
  'Token',
  z.strictObject({
    id: z.uuid(),
    userId: z.uuid(),
    label: z.string(),
    prefix: z.string(),
    createdAt: timestamp,
    expiresAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  }),
);
export const TokenList = listOf('TokenList', Token);
export const IssuedToken = named('IssuedToken', Token.extend({ token: z.string().describe('The secret, shown in this answer only.') }));
