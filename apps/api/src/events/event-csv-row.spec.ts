import { KNOWN_EVENT_ATTRIBUTES } from '@leaderboard/contracts';
import { DERIVED_ATTRIBUTES } from '@leaderboard/scoring';
import { KNOWN_ATTRIBUTE_NAMES } from './event-attributes.js';
import { columnOfPath, eventOfRow } from './event-csv-row.js';

describe('an events CSV row', () => {
  it('names in the contracts every attribute the validator checks (the web explains and previews them)', () => {
    const checked = KNOWN_ATTRIBUTE_NAMES.filter(
      (name) => !(DERIVED_ATTRIBUTES as readonly string[]).includes(name),
    );
    expect([...checked].sort()).toEqual([...KNOWN_EVENT_ATTRIBUTES].sort());
  });

  it('types integers and booleans it can read, keeps other text for the validator to name, drops empty cells', () => {
    const names = [
      'externalId',
      'type',
      'rep',
      'occurredAt',
      'durationSec',
      'scriptFollowed',
      'replied',
      'amount',
      'attributes.note',
      null,
    ];
    const row = [
      ' c1 ',
      'call',
      'anna',
      '2026-11-18T10:00:00Z',
      '120',
      'ДА',
      'maybe',
      '12.5',
      '007',
      'ignored',
    ];
    expect(eventOfRow(row, names, 'csv')).toEqual({
      source: 'csv',
      externalId: 'c1',
      type: 'call',
      rep: 'anna',
      occurredAt: '2026-11-18T10:00:00Z',
      attributes: { durationSec: 120, scriptFollowed: true, replied: 'maybe', amount: '12.5', note: '007' },
    });
    const off = eventOfRow(
      ['x', 'call', 'a', 't', 'нет', ''],
      names.slice(0, 4).concat(['replied', 'scriptFollowed']),
      'crm',
    );
    expect(off.attributes).toEqual({ replied: false });
    expect(off.source).toBe('crm');
  });

  it('builds voids from its two columns (the row source by default) and maps validator paths back to columns', () => {
    const event = eventOfRow(
      ['v1', 'void', 'a', 't', '', 'c1'],
      ['externalId', 'type', 'rep', 'occurredAt', 'voidsSource', 'voidsExternalId'],
      'csv',
    );
    expect(event.voids).toEqual({ source: 'csv', externalId: 'c1' });
    expect(columnOfPath('events[3].attributes.amount')).toBe('amount');
    expect(columnOfPath('events[3].attributes.note')).toBe('attributes.note');
    expect(columnOfPath('events[3].voids.source')).toBe('voidsSource');
    expect(columnOfPath('events[3].occurredAt')).toBe('occurredAt');
    expect(columnOfPath('events[3]')).toBeUndefined();
  });
});
