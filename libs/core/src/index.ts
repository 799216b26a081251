export { DomainError, notFound, type ErrorKind, type FieldProblem } from './domain-error.js';
export { ROLES, systemActor, type Role, type Actor } from './actor.js';
export { encodeCursor, decodeCursor, type CreatedCursor } from './cursor.js';
