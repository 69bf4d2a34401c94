/**
 * One connector opened: its health, CRM users beside our reps, stages, backfill/catch-up jobs and
 * the deliveries that failed or could not be mapped. Each part is read on its own, so a route that
 * is not there yet (404) leaves the others working.
 */
import { create } from 'zustand';
import type {
  ConnectorHealth,
  ConnectorJobView,
  ConnectorStage,
  ConnectorStageRow,
  ConnectorSyncResult,
  ConnectorUserRow,
  ConnectorUserView,
  InboxDeliveryView,
  RepView,
} from '@leaderboard/contracts';
import { api } from '../../session/session-store.js';

export interface DetailState {
  id: string | null;
  health: ConnectorHealth | null;
  users: ConnectorUserRow[];
  stages: ConnectorStageRow[];
  jobs: ConnectorJobView[];
  /** Failed and unmapped deliveries, newest first. */
  inbox: InboxDeliveryView[];
  reps: RepView[];
  /** The parts whose read failed, with the message. */
  errors: Partial<Record<'health' | 'users' | 'stages' | 'jobs' | 'inbox' | 'reps', string>>;
  open: (id: string) => Promise<void>;
  loadHealth: () => Promise<void>;
  loadUsers: () => Promise<void>;
  loadStages: () => Promise<void>;
  loadJobs: () => Promise<void>;
  loadInbox: () => Promise<void>;
  mapUser: (crmUserId: string, repId: string | null) => Promise<ConnectorUserView>;
  saveStages: (stages: ConnectorStage[]) => Promise<void>;
  sync: () => Promise<ConnectorSyncResult>;
  backfill: (days: number) => Promise<void>;
  replay: (deliveryId: string) => Promise<InboxDeliveryView>;
}

const EMPTY = { health: null, users: [], stages: [], jobs: [], inbox: [], reps: [], errors: {} };

const byNewest = (a: InboxDeliveryView, b: InboxDeliveryView) => b.receivedAt.localeCompare(a.receivedAt);

export const useConnectorDetailStore = create<DetailState>()((set, get) => {
  /** Reads one part of the open connector; dropped when another connector was opened meanwhile. */
  async function part<K extends keyof DetailState['errors']>(
    name: K,
    read: (id: string) => Promise<Partial<DetailState>>,
  ): Promise<void> {
    const id = get().id;
    if (id === null) return;
    try {
      const answer = await read(id);
      if (get().id === id) set({ ...answer, errors: { ...get().errors, [name]: undefined } });
    } catch (error) {
      if (get().id === id) set({ errors: { ...get().errors, [name]: (error as Error).message } });
    }
  }
  const params = () => ({ id: get().id ?? '' });

  return {
    id: null,
    ...EMPTY,
    open: async (id) => {
      set({ id, ...EMPTY });
      const state = get();
      await Promise.all([
        state.loadHealth(),
        state.loadUsers(),
        state.loadStages(),
        state.loadJobs(),
        state.loadInbox(),
        part('reps', async () => ({ reps: (await api.get('/api/reps')) as RepView[] })),
      ]);
    },
    loadHealth: () =>
      part('health', async (id) => ({
        health: await api.get('/api/connectors/:id/health', { params: { id } }),
      })),
    loadUsers: () =>
      part('users', async (id) => ({
        users: await api.get('/api/connectors/:id/users', { params: { id } }),
      })),
    loadStages: () =>
      part('stages', async (id) => ({
        stages: await api.get('/api/connectors/:id/stages', { params: { id } }),
      })),
    loadJobs: () =>
      part('jobs', async (id) => ({ jobs: await api.get('/api/connectors/:id/jobs', { params: { id } }) })),
    loadInbox: () =>
      part('inbox', async (id) => {
        const [failed, unmapped] = await Promise.all(
          (['failed', 'unmapped'] as const).map((status) =>
            api.get('/api/connectors/:id/inbox', { params: { id }, query: { status } }),
          ),
        );
        return { inbox: [...failed, ...unmapped].sort(byNewest) };
      }),
    mapUser: async (crmUserId, repId) => {
      const view = await api.put('/api/connectors/:id/users/:crmUserId', {
        params: { ...params(), crmUserId },
        body: { repId },
      });
      const repName = get().reps.find((rep) => rep.id === repId)?.name ?? null;
      set({
        users: get().users.map((user) =>
          user.crmUserId === crmUserId
            ? { ...user, repId, repName, matchedBy: view.matchedBy, heldEvents: repId ? 0 : user.heldEvents }
            : user,
        ),
      });
      void get().loadHealth();
      return view;
    },
    saveStages: async (stages) => {
      await api.put('/api/connectors/:id/stages', { params: params(), body: { stages } });
      const keyOf = (s: ConnectorStage) => `${s.pipelineId ?? ''}\u0000${s.stageId}`;
      const typeOf = new Map(stages.map((s) => [keyOf(s), s.type]));
      set({ stages: get().stages.map((row) => ({ ...row, type: typeOf.get(keyOf(row)) ?? null })) });
    },
    sync: async () => {
      const result = await api.post('/api/connectors/:id/sync', { params: params() });
      await Promise.all([get().loadUsers(), get().loadStages(), get().loadHealth()]);
      return result;
    },
    backfill: async (days) => {
      const job = await api.post('/api/connectors/:id/backfill', { params: params(), body: { days } });
      set({ jobs: [job, ...get().jobs.filter((j) => j.id !== job.id)] });
    },
    replay: async (deliveryId) => {
      const delivery = await api.post('/api/connectors/:id/inbox/:deliveryId/replay', {
        params: { ...params(), deliveryId },
      });
      set({ inbox: get().inbox.map((row) => (row.id === deliveryId ? delivery : row)) });
      void get().loadHealth();
      return delivery;
    },
  };
});

/** The job the progress bar follows: a running one first, else the newest. */
export function currentJob(jobs: ConnectorJobView[]): ConnectorJobView | null {
  const newestFirst = [...jobs].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return newestFirst.find((job) => job.status === 'running') ?? newestFirst[0] ?? null;
}
