/** Reps and teams: who is on the board, in which team; create, rename, move, deactivate, delete. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSessionStore } from '../../session/session-store.js';
import { useDirectoryStore } from '../shared/directory-store.js';
import { LoadFailed, Loading } from '../shared/ui.js';
import { TeamsSection } from './teams-section.js';
import { RepsSection } from './reps-section.js';

export function RepsTab() {
  const isAdmin = useSessionStore((state) => state.user?.role === 'admin');
  const { loaded, loadError } = useDirectoryStore(
    useShallow((state) => ({ loaded: state.loaded, loadError: state.loadError })),
  );
  useEffect(() => {
    void useDirectoryStore.getState().load(isAdmin);
  }, [isAdmin]);
  if (!loaded) return <Loading />;
  return (
    <div className="admin-columns">
      <LoadFailed message={loadError} />
      <TeamsSection />
      <RepsSection />
    </div>
  );
}
