import { QueryFailedError } from 'typeorm';

const sqlState = (error: unknown): string | undefined =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : (error as { code?: string })?.code;

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
export const isSerializationFailure = (error: unknown): boolean => ['40001', '40P01'].includes(sqlState(error) ?? '');
