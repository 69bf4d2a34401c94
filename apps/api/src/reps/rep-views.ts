import type { PublicRepView } from '@leaderboard/contracts';
import type { Principal } from '../auth/principal.js';
import type { RepDetails } from '@leaderboard/contracts';

export function toPublicRepView(rep: RepDetails): PublicRepView {
  return { id: rep.id, name: rep.name, teamId: rep.teamId, photoUrl: rep.photoUrl, active: rep.active };
}

/**
 * What `principal` may see of `rep`: admins and managers everything, a rep their own profile in
 * full and others' public view, a display the public view (what a TV shows: name, photo, team).
 */
export function repViewFor(principal: Principal, rep: RepDetails): RepDetails | PublicRepView {
  if (principal.kind !== 'user') return toPublicRepView(rep);
  if (principal.role === 'admin' || principal.role === 'manager') return rep;
  return principal.repId === rep.id ? rep : toPublicRepView(rep);
}
