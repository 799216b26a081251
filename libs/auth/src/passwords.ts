import { argon2id, hash, verify } from 'argon2';
import { DomainError } from '@app/core';

/** argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes: above OWASP's minimum). */
export const hashPassword = (password: string): Promise<string> => hash(password, { type: argon2id });

export const verifyPassword = (stored: string, password: string): Promise<boolean> => verify(stored, password).catch(() => false);

let dummyHash: Promise<string> | null = null;

/**
 * Spends the time of one verification on a hash nobody's password matches, so an unknown email (or a
 * user without a password) answers no faster than a wrong password.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy password that matches no account');
  await verifyPassword(await dummyHash, password);
  return false;
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** The password policy: 12 to 256 code points, and not the account's email. Throws a 400 naming `password`. */
export function assertPasswordAcceptable(password: string, email: string): void {
  const length = [...password].length;
  const problem =
    length < PASSWORD_MIN
      ? `must be at least ${PASSWORD_MIN} characters`
      : length > PASSWORD_MAX
        ? `must be at most ${PASSWORD_MAX} characters`
        : password.trim().toLowerCase() === email.toLowerCase()
          ? 'must not be the email address'
          : null;
  if (problem) throw new DomainError('invalid', 'password-weak', `The password ${problem}.`, [{ field: 'password', message: problem }]);
}
