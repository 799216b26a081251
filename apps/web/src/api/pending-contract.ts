// The generated response types under the names the hooks and screens use. TODO(#11): import them from
// `./schema` where they are used and delete this file.
import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type Article = Schemas['Article'];
export type ArticleWithBody = Schemas['ArticleWithBody'];
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type TextQuoteSelector = Schemas['TextQuoteSelector'];
export type TextPositionSelector = Schemas['TextPositionSelector'];
export type Claim = Schemas['Claim'];
export type ClaimDetail = Schemas['WorkflowClaim'];
