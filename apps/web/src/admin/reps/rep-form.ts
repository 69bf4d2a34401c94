/** A rep as its forms hold it, and what is sent: the fields the API may name, empty ones left out. */
import type { NewRep } from '../shared/directory-store.js';

/** The fields of a rep the API's problems may name (`details[].path`). */
export const REP_FIELDS = ['key', 'name', 'teamId', 'region', 'email', 'photoUrl', 'startedOn'];

export const EMPTY_REP: NewRep = {
  key: '',
  name: '',
  teamId: '',
  region: '',
  email: '',
  photoUrl: '',
  startedOn: '',
};

/** Optional fields left empty are not sent; an edit that empties the photo or start date clears it (null). */
export function repBody(rep: NewRep, edit = false): NewRep {
  const photoUrl = rep.photoUrl?.trim();
  const startedOn = rep.startedOn?.trim();
  return {
    key: rep.key.trim(),
    name: rep.name.trim(),
    teamId: rep.teamId,
    ...(rep.region?.trim() ? { region: rep.region.trim() } : {}),
    ...(rep.email?.trim() ? { email: rep.email.trim() } : {}),
    ...(photoUrl ? { photoUrl } : edit ? { photoUrl: null } : {}),
    ...(startedOn ? { startedOn } : edit ? { startedOn: null } : {}),
  };
}
