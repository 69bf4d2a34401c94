import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Celebration } from '@leaderboard/contracts';
import { OverloadMemo, celebrationsOf, type EngineChange, type ScoringEvent } from '@leaderboard/scoring';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { timeFanOut } from '../scoring/flush-report.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { CelebrationPacer } from './celebration-pacer.js';
import { celebrationRooms } from './live-rooms.js';
import { LiveServer } from './live-server.js';

/**
 * Celebrations on the TVs: who is cheered is the policy of libs/scoring (`celebrationsOf`); here
 * they are paced (CelebrationPacer) and each leaves right after the next deltas.
 */
/** The longest a celebration waits for pending changes' flush before it leaves alone. */
const CELEBRATION_MAX_WAIT_MS = 1_000;

@Injectable()
export class LiveCelebrations implements OnModuleDestroy {
  private readonly pacer: CelebrationPacer;
  /** Celebrations whose turn came, sent with the next deltas (or after one interval without any). */
  private readonly outbox: Celebration[] = [];
  private outboxTimer: NodeJS.Timeout | null = null;
  private readonly overloaded = new OverloadMemo();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly live: LiveServer,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {
    this.pacer = new CelebrationPacer(config.liveMaxCelebrationsPerSec, (celebration) =>
      this.post(celebration),
    );
  }

  /**
   * Events reached the engine. The process that stored them celebrates them (the Redis adapter
   * reaches every client); activity and voids move the overload flags.
   */
  applied(events: ScoringEvent[], change: EngineChange, stored: boolean): void {
    this.overloaded.forget(events);
    if (!stored || !this.live.io) return;
    const engine = this.scoring.engine;
    const now = this.clock.now();
    const overloaded = (repId: string): boolean => this.overloaded.flagged(engine, repId, now);
    for (const celebration of celebrationsOf(engine, events, change, now, overloaded))
      this.pacer.push(celebration);
  }

  /** The engine was rebuilt (rule set, working hours): the overload flags start over. */
  rebuilt(): void {
    this.overloaded.clear();
  }

  /**
   * The winner of a competition whose window ended, for every TV (paced like the others). The
   * caller (CompetitionsService, on the writer) makes sure it goes out once.
   */
  celebrateCompetition(celebration: Celebration): void {
    this.pacer.push(celebration);
  }

  /** Sends the celebrations whose turn came (right after a flush's deltas). */
  sendOutbox(): void {
    if (this.outboxTimer) clearTimeout(this.outboxTimer);
    this.outboxTimer = null;
    for (const celebration of this.outbox.splice(0)) {
      this.live.broadcast(celebrationRooms(celebration.teamId), 'celebration', celebration);
    }
  }

  /** Drops the celebrations waiting for their turn (a test starting over with an empty org). */
  discard(): void {
    this.pacer.stop();
    this.dropOutbox();
  }

  onModuleDestroy(): void {
    this.discard();
  }

  /**
   * A celebration leaves right after the next deltas: the deal's row and its celebration reach a
   * TV together, and writing to every socket happens once per interval instead of at random
   * moments between (each such burst holds up the requests that arrive during it).
   */
  private post(celebration: Celebration): void {
    this.outbox.push(celebration);
    this.outboxTimer ??= setTimeout(() => this.sendWithoutDeltas(), this.scoring.flushIntervalMs);
  }

  /**
   * One interval passed without deltas. When changes still wait for a flush (flushes are spaced
   * by their cost: with thousands of screens, several intervals apart), the celebrations wait for
   * it too, so every socket is written once, not twice; otherwise they leave now.
   */
  private sendWithoutDeltas(): void {
    this.outboxTimer = null;
    let sent = false;
    const send = (): void => {
      if (sent) return;
      sent = true;
      clearTimeout(bound);
      if (this.outbox.length === 0) return;
      timeFanOut('celebrations', () => this.live.writes.hold(() => this.sendOutbox()));
    };
    // Never longer than CELEBRATION_MAX_WAIT_MS: `settled()` could wait on a flush that is not
    // coming (the connectors browser spec lost a celebration this way in half its runs).
    const bound = setTimeout(send, CELEBRATION_MAX_WAIT_MS);
    this.scoring.settled().then(send, send);
  }

  private dropOutbox(): void {
    if (this.outboxTimer) clearTimeout(this.outboxTimer);
    this.outboxTimer = null;
    this.outbox.length = 0;
  }
}
