import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EventInput } from '@leaderboard/contracts';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import { RepsService } from '../reps/reps.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { DEMO_REPS, DEMO_TEAMS, demoEvent, randomGenerator } from './demo-data.js';

/** Days of history: the last RECENT_DAYS busy, before them three months at a lighter rate (baselines). */
const HISTORY_DAYS = 100;
const RECENT_DAYS = 10;
const HISTORY_EVENTS_PER_REP_DAY = 12;
const OLDER_EVENTS_PER_REP_DAY = 4;

/**
 * The demo organisation: 2 teams, 12 reps and a history of events, then a simulator that sends
 * events through the same ingest path as the HTTP API, every second, so boards move. Outside a
 * rep's working hours it sends only outcomes (activity would score 0), so the demo moves at night too.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoService.name);
  private timer: NodeJS.Timeout | null = null;
  private readonly random: () => number;
  private repKeys: string[] = [];
  private ticking = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reps: RepsService,
    private readonly events: EventsService,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {
    this.random = randomGenerator(clock.now() % 2_147_483_647);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    await this.seed();
    this.start();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Seeds the demo org when there are no reps yet; returns whether it did. */
  async seed(): Promise<boolean> {
    const existing = await this.reps.listReps();
    if (existing.length > 0) {
      this.repKeys = existing.filter((r) => r.active).map((r) => r.key);
      return false;
    }
    const teams = await this.reps.listTeams();
    const teamIds = new Map(teams.map((t) => [t.name, t.id]));
    for (const name of DEMO_TEAMS) {
      if (!teamIds.has(name)) teamIds.set(name, (await this.reps.createTeam(name)).id);
    }
    for (const rep of DEMO_REPS) {
      await this.reps.createRep({
        key: rep.key,
        name: rep.name,
        teamId: teamIds.get(rep.team) as string,
        region: rep.region,
        email: rep.key,
        startedOn: new Date(this.clock.now() - rep.startedDaysAgo * 86_400_000).toISOString().slice(0, 10),
      });
    }
    this.repKeys = DEMO_REPS.map((r) => r.key);
    const history: EventInput[] = [];
    const now = this.clock.now();
    for (let day = HISTORY_DAYS; day >= 0; day--) {
      for (const { key, startedDaysAgo, pace } of DEMO_REPS) {
        if (day > startedDaysAgo) continue;
        // Recent days at the rep's pace; older ones lighter and in proportion (a third of 12 a day).
        const rate = day <= RECENT_DAYS ? HISTORY_EVENTS_PER_REP_DAY * pace : OLDER_EVENTS_PER_REP_DAY;
        const count = Math.floor(rate * (0.5 + this.random()));
        for (let i = 0; i < count; i++) {
          // Working hours in Moscow: 06:00-16:00 UTC.
          const start = new Date(now - day * 86_400_000);
          start.setUTCHours(6, 0, 0, 0);
          const at = new Date(start.getTime() + Math.floor(this.random() * 10 * 3_600_000));
          if (at.getTime() > now) continue;
          history.push(demoEvent(this.random, key, at, `seed-${randomUUID()}`));
        }
      }
    }
    for (let i = 0; i < history.length; i += 500)
      await this.events.ingest({ events: history.slice(i, i + 500) });
    this.logger.log(
      `Demo organisation seeded: ${DEMO_TEAMS.length} teams, ${DEMO_REPS.length} reps, ${history.length} events`,
    );
    return true;
  }

  start(): void {
    if (this.timer || this.repKeys.length === 0) return;
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
    this.logger.log('Demo simulator running: a few events a second');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const count = 1 + Math.floor(this.random() * 3);
      const now = new Date(this.clock.now());
      const repIds = new Map(this.scoring.engine.repProfiles().map((r) => [r.key, r.id]));
      const batch = Array.from({ length: count }, () => {
        const key = this.repKeys[Math.floor(this.random() * this.repKeys.length)];
        const repId = repIds.get(key);
        const offHours = repId !== undefined && !this.scoring.engine.isWorkingTime(repId, now.getTime());
        return demoEvent(this.random, key, now, `sim-${randomUUID()}`, offHours);
      });
      await this.events.ingest({ events: batch });
    } catch (error) {
      this.logger.warn(`Demo simulator: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.ticking = false;
    }
  }
}
