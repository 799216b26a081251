import { DomainError } from '@app/core';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';

const refusal = (password: string, email = 'rana@newsroom.example') => {
  try {
    assertPasswordAcceptable(password, email);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).fields;
  }
};

describe('password policy', () => {
  it('accepts 12 to 256 characters, counted in code points', () => {
    expect(refusal('a'.repeat(12))).toBeNull();
    expect(refusal('a'.repeat(256))).toBeNull();
    // Six astral characters are twelve UTF-16 units but only six characters: too short.
    expect(refusal('😀'.repeat(6))).toEqual([{ field: 'password', message: 'must be at least 12 characters' }]);
    expect(refusal('كلمة مرور عربية')).toBeNull();
  });

  it('refuses a password that is too short, too long, or the email itself, naming password', () => {
    expect(refusal('a'.repeat(11))).toEqual([{ field: 'password', message: 'must be at least 12 characters' }]);
    expect(refusal('a'.repeat(257))).toEqual([{ field: 'password', message: 'must be at most 256 characters' }]);
    expect(refusal('Rana@Newsroom.example')).toEqual([{ field: 'password', message: 'must not be the email address' }]);
  });
});

describe('password hashes', () => {
  it('are argon2id and verify only the same password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
