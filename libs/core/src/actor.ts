export const ROLES = ['reporter', 'checker', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is doing something: a person through a token, or the system itself (worker, CLI, migrations). */
export interface Actor {
  /** User id, or `system:<component>` for machine actions. */
  id: string;
  roles: readonly Role[];
}

export const systemActor = (component: string): Actor => ({ id: `system:${component}`, roles: [] });
