import type { KpiSubscription } from '@leaderboard/contracts';
import { Matches } from 'class-validator';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** `kpis:subscribe` / `kpis:unsubscribe` payload: a KPI scope as `GET /api/kpis` takes it. */
export class KpiSubscriptionDto implements KpiSubscription {
  @Matches(new RegExp(`^(org|team:${UUID}|rep:${UUID})$`, 'i'), {
    message: 'scope must be org, team:<uuid> or rep:<uuid>',
  })
  scope: string;
}
