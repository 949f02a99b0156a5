import { z } from 'zod';

/**
 * The roles of docs/architecture.md (Auth), each including everything the one before it may do:
 * viewer (read) < contributor (updates / RAG / responses on their portfolios' items)
 * < manager (plans, owners, due dates, transfers, completion; all portfolios) < admin
 * (corrections, keys, import; everything).
 */
export const Role = z.enum(['viewer', 'contributor', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

/**
 * What a route needs. `public` routes (health, OpenAPI, docs) need no key; `contribute` is
 * additionally limited by a contributor key's portfolios, which only the route can check
 * because it needs the item's current plan.
 */
export type Permission = 'public' | 'read' | 'contribute' | 'manage' | 'administer';

const RANK: Record<Role, number> = { viewer: 0, contributor: 1, manager: 2, admin: 3 };

/** The lowest role that holds a permission. */
export function minimumRole(permission: Exclude<Permission, 'public'>): Role {
  switch (permission) {
    case 'read':
      return 'viewer';
    case 'contribute':
      return 'contributor';
    case 'manage':
      return 'manager';
    case 'administer':
      return 'admin';
    default: {
      const never: never = permission;
      throw new Error(`unknown permission ${String(never)}`);
    }
  }
}

/** Whether `role` holds `permission` (before any portfolio scoping). */
export function roleAllows(role: Role, permission: Permission): boolean {
  if (permission === 'public') return true;
  return RANK[role] >= RANK[minimumRole(permission)];
}
