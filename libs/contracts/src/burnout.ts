/** The burnout guard of SPEC section 6: per rep per local day, caps, after-hours work and streaks. */

/** When a pattern counts as overload (rule set key `burnout`; both optional). */
export interface BurnoutThresholds {
  /** Working days in a row at a daily cap (default 5). */
  capStreakDays: number;
  /** Calendar days in a row with activity outside working hours (default 3). */
  afterHoursStreakDays: number;
}

export const DEFAULT_BURNOUT_THRESHOLDS: Readonly<BurnoutThresholds> = Object.freeze({
  capStreakDays: 5,
  afterHoursStreakDays: 3,
});

/** One cap category on one local day. */
export interface BurnoutCapDay {
  category: string;
  capMilliPoints: number;
  /** Points earned under the cap. */
  usedMilliPoints: number;
  /** What the activity would have earned without the cap (>= used). */
  attemptedMilliPoints: number;
  reached: boolean;
}

/** One local day (org time zone) of one rep. */
export interface BurnoutDay {
  /** `YYYY-MM-DD`. */
  day: string;
  /** A weekday of the rep's working hours (their own, else the rule set's); every day when none. */
  workingDay: boolean;
  /** Cap categories with activity that day, by name. */
  caps: BurnoutCapDay[];
  /** At least one cap reached. */
  capReached: boolean;
  /** Activity events (not voided) outside the rep's working hours. */
  afterHoursEvents: number;
  /** Distinct local clock hours (20:00-20:59 is one) with such activity. */
  afterHoursHours: number;
  /** Working days in a row at a cap, ending this day (a day off carries the streak unchanged). */
  capStreak: number;
  /** Days in a row with after-hours activity, ending this day. */
  afterHoursStreak: number;
}

export type BurnoutFlag =
  | {
      kind: 'cap_streak';
      /** The category reached every day of the streak; null when the days reached different caps. */
      category: string | null;
      days: number;
      threshold: number;
    }
  | { kind: 'after_hours_streak'; days: number; threshold: number };

export interface BurnoutRep {
  repId: string;
  name: string;
  teamId: string | null;
  /** Overload now (at the end of the window): flags is not empty. */
  flagged: boolean;
  flags: BurnoutFlag[];
  /** Every local day of the window, oldest first. */
  days: BurnoutDay[];
}

/** `GET /api/burnout` and `GET /api/reps/:id/burnout`. */
export interface BurnoutResponse {
  /** First and last local day of the window, inclusive, `YYYY-MM-DD`. */
  from: string;
  to: string;
  timezone: string;
  thresholds: BurnoutThresholds;
  /** Flagged reps first (longest streak first), then by name. */
  reps: BurnoutRep[];
}
