import type { EventAttributes, EventInput, EventType } from '@leaderboard/contracts';

export const DEMO_TEAMS = ['Москва', 'London'] as const;

/**
 * `startedDaysAgo` spreads the reps over the tenure brackets; `pace` is how busy they are these last
 * days against their usual (the most improved board has something to show).
 */
export const DEMO_REPS: Array<{
  key: string;
  name: string;
  team: (typeof DEMO_TEAMS)[number];
  region: string;
  startedDaysAgo: number;
  pace: number;
}> = [
  {
    key: 'anna.smirnova@example.com',
    name: 'Анна Смирнова',
    team: 'Москва',
    region: 'Москва',
    startedDaysAgo: 1400,
    pace: 1,
  },
  {
    key: 'dmitry.ivanov@example.com',
    name: 'Дмитрий Иванов',
    team: 'Москва',
    region: 'Москва',
    startedDaysAgo: 45,
    pace: 1.4,
  },
  {
    key: 'elena.kuznetsova@example.com',
    name: 'Елена Кузнецова',
    team: 'Москва',
    region: 'Санкт-Петербург',
    startedDaysAgo: 500,
    pace: 1.2,
  },
  {
    key: 'sergey.popov@example.com',
    name: 'Сергей Попов',
    team: 'Москва',
    region: 'Москва',
    startedDaysAgo: 200,
    pace: 0.8,
  },
  {
    key: 'olga.volkova@example.com',
    name: 'Ольга Волкова',
    team: 'Москва',
    region: 'Казань',
    startedDaysAgo: 70,
    pace: 1.1,
  },
  {
    key: 'ivan.petrov@example.com',
    name: 'Иван Петров',
    team: 'Москва',
    region: 'Новосибирск',
    startedDaysAgo: 900,
    pace: 0.7,
  },
  {
    key: 'emily.carter@example.com',
    name: 'Emily Carter',
    team: 'London',
    region: 'UK',
    startedDaysAgo: 1000,
    pace: 1.3,
  },
  {
    key: 'james.walker@example.com',
    name: 'James Walker',
    team: 'London',
    region: 'UK',
    startedDaysAgo: 120,
    pace: 0.9,
  },
  {
    key: 'sophie.turner@example.com',
    name: 'Sophie Turner',
    team: 'London',
    region: 'UK',
    startedDaysAgo: 30,
    pace: 1,
  },
  {
    key: 'oliver.bennett@example.com',
    name: 'Oliver Bennett',
    team: 'London',
    region: 'Ireland',
    startedDaysAgo: 650,
    pace: 1.5,
  },
  {
    key: 'mariya.sokolova@example.com',
    name: 'Мария Соколова',
    team: 'London',
    region: 'UK',
    startedDaysAgo: 300,
    pace: 0.6,
  },
  {
    key: 'alexei.morozov@example.com',
    name: 'Алексей Морозов',
    team: 'London',
    region: 'Ireland',
    startedDaysAgo: 2000,
    pace: 1,
  },
];

/** A deterministic pseudo-random generator (mulberry32), so demo data can be reproduced. */
export function randomGenerator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIGHTED_TYPES: Array<[EventType, number]> = [
  ['call', 50],
  ['email', 20],
  ['meeting', 6],
  ['follow_up', 5],
  ['lead_responded', 6],
  ['demo_booked', 4],
  ['demo_held', 3],
  ['lead_qualified', 2],
  ['opportunity_created', 2],
  ['deal_won', 1.5],
  ['deal_lost', 0.5],
];
/** What reaches the CRM when nobody is at work: web orders and inbound opportunities. */
const OFF_HOURS_TYPES: Array<[EventType, number]> = [
  ['opportunity_created', 2],
  ['deal_won', 1],
];

function weightedPick(random: () => number, weighted: Array<[EventType, number]>): EventType {
  let roll = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [candidate, weight] of weighted) {
    roll -= weight;
    if (roll <= 0) return candidate;
  }
  return weighted[0][0];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/**
 * One realistic event for a rep at `at`; `offHours` draws only the outcomes that arrive while nobody
 * works (activity then would score 0 and the demo boards would stand still at night).
 */
export function demoEvent(
  random: () => number,
  repKey: string,
  at: Date,
  externalId: string,
  offHours = false,
): EventInput {
  const type = weightedPick(random, offHours ? OFF_HOURS_TYPES : WEIGHTED_TYPES);
  let attributes: EventAttributes = {};
  switch (type) {
    case 'call': {
      const outcome = pick(random, ['connected', 'connected', 'voicemail', 'no_answer'] as const);
      attributes = {
        durationSec: outcome === 'connected' ? 20 + Math.floor(random() * 600) : Math.floor(random() * 40),
        outcome,
        scriptFollowed: random() < 0.6,
      };
      break;
    }
    case 'email':
      attributes = { replied: random() < 0.3 };
      break;
    case 'lead_responded':
      attributes = {
        leadCreatedAt: new Date(at.getTime() - Math.floor(random() * 120) * 60_000).toISOString(),
      };
      break;
    case 'lead_qualified':
      attributes = { from: 'mql', to: 'sql' };
      break;
    case 'opportunity_created':
      attributes = { amount: (30 + Math.floor(random() * 500)) * 100_000, currency: 'RUB' };
      break;
    case 'deal_won': {
      const amount = (30 + Math.floor(random() * 300)) * 100_000;
      attributes = {
        amount,
        margin: Math.floor(amount * (0.05 + random() * 0.35)),
        currency: 'RUB',
        product: pick(random, ['CRM Pro', 'CRM Start', 'Телефония', 'Analytics']),
        channel: pick(random, ['call', 'email', 'meeting', 'inbound']),
        kind: pick(random, ['new', 'new', 'expansion', 'renewal', 'repeat'] as const),
        mrr: Math.floor(amount / 12),
      };
      break;
    }
    case 'deal_lost':
      attributes = { reason: pick(random, ['price', 'competitor', 'no_budget', 'timing']) };
      break;
    default:
      break;
  }
  return { source: 'demo', externalId, type, rep: repKey, occurredAt: at.toISOString(), attributes };
}
