import { Injectable } from '@nestjs/common';
import type { BoardRef } from '@leaderboard/contracts';
import type { FlushAudience, FlushReport } from '../scoring/flush-report.js';
import { LiveCelebrations } from './live-celebrations.js';
import { roomOfRef } from './live-rooms.js';
import { LiveServer } from './live-server.js';

/**
 * The delta fan-out: a flush's messages (built by the writer, see FlushReport) go to their boards'
 * rooms, one write per socket together with the celebrations due. It tells the writer which boards
 * have screens, so rows are built only for those.
 */
@Injectable()
export class LiveDeltas implements FlushAudience {
  constructor(
    private readonly live: LiveServer,
    private readonly celebrations: LiveCelebrations,
  ) {}

  watches(ref: BoardRef): boolean {
    return !this.live.unwatched(roomOfRef(ref));
  }

  /** One delta per changed board of a current period instance (a snapshot when deltas cannot say it). */
  publish(report: FlushReport): void {
    const server = this.live.io;
    if (!server) return;
    this.live.writes.hold(() => {
      for (const { ref, message } of report.boards) {
        if (message?.kind === 'delta') server.to(roomOfRef(ref)).emit('board:delta', message.delta);
        else if (message?.kind === 'snapshot')
          server.to(roomOfRef(ref)).emit('board:snapshot', message.snapshot);
      }
      this.celebrations.sendOutbox();
    });
  }
}
