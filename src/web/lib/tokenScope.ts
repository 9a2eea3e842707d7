import type { TokenScope } from '../../domain/roles.ts';

/** How a token's scopes read in tables (account page and admin users page). */
export const SCOPE_LABELS: Record<TokenScope, string> = {
  read: 'Read only',
  'read-write': 'Read and write',
};

export function scopeLabel(scopes: readonly TokenScope[]): string {
  return scopes.map((s) => SCOPE_LABELS[s]).join(', ');
}
