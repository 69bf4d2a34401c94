import { parseConditionText } from './condition-text.js';
import { clause, formShowsAll, toDocument, toForm } from './rule-set-form.js';
import { fieldForPath, fieldPaths, localProblems, placeProblems } from './rule-set-problems.js';
import { SPEC_EXAMPLE } from '../../test-support/spec-example.js';

describe('rule set form <-> document', () => {
  it('round-trips the SPEC 4a example exactly, key order included', () => {
    const form = toForm(SPEC_EXAMPLE);
    expect(JSON.stringify(toDocument(form))).toBe(JSON.stringify(SPEC_EXAMPLE));
    expect(formShowsAll(SPEC_EXAMPLE)).toBe(true);
  });

  it('shows payouts in major units and stores what is typed as integer minor units', () => {
    const form = toForm(SPEC_EXAMPLE);
    expect(form.tiers.map((tier) => tier.payout)).toEqual(['5000', '15000', '40000']);
    expect(form.rules.find((rule) => rule.type === 'deal_won')?.perAmount).toEqual({
      unit: '1000',
      points: '10',
    });
    form.tiers[0].payout = '5 250,75';
    const doc = toDocument(form) as { tiers: Array<{ payout: number }> };
    expect(doc.tiers[0].payout).toBe(525075);
  });

  it('keeps the JSON type of condition values and parses what is typed', () => {
    const form = toForm(SPEC_EXAMPLE);
    const scripted = form.rules[0].weights[1].clauses;
    expect(scripted.map((c) => [c.attr, c.op, c.text])).toEqual([
      ['outcome', 'eq', 'connected'],
      ['scriptFollowed', 'eq', 'true'],
    ]);
    expect(parseConditionText('30', 'lt')).toBe(30);
    expect(parseConditionText('"30"', 'eq')).toBe('30');
    expect(parseConditionText('new, renewal, 3', 'in')).toEqual(['new', 'renewal', 3]);
    expect(clause('code', 'eq', '30').text).toBe('"30"');
    const weird = {
      ...SPEC_EXAMPLE,
      rules: { call: { points: 1, weights: [{ if: { code: { eq: '30' } }, factor: 1 }] } },
    };
    expect(formShowsAll(weird)).toBe(true);
  });

  it('turns typed numbers into numbers and leaves nonsense for the validator', () => {
    const form = toForm(SPEC_EXAMPLE);
    form.rules[0].points = '12,5';
    form.rules[1].points = 'lots';
    const doc = toDocument(form) as { rules: Record<string, { points: unknown }> };
    expect(doc.rules.call.points).toBe(12.5);
    expect(doc.rules.email.points).toBe('lots');
  });

  it('omits optional sections that are empty and absent, keeps unknown keys', () => {
    const minimal = {
      name: 'X',
      timezone: 'UTC',
      currency: 'USD',
      weekStartsOn: 7,
      rules: {},
      colour: 'red',
    };
    const form = toForm(minimal);
    expect(form.workingHours).toBeNull();
    expect(JSON.stringify(toDocument(form))).toBe(JSON.stringify(minimal));
  });

  it('edits the burnout thresholds, an empty one left to its default, and keeps a bad burnout for the validator', () => {
    const withBurnout = { ...SPEC_EXAMPLE, burnout: { capStreakDays: 4, afterHoursStreakDays: 2 } };
    expect(JSON.stringify(toDocument(toForm(withBurnout)))).toBe(JSON.stringify(withBurnout));
    expect(formShowsAll(withBurnout)).toBe(true);
    const form = toForm(withBurnout);
    expect(form.burnout).toEqual({ capStreakDays: '4', afterHoursStreakDays: '2' });
    form.burnout = { capStreakDays: '6', afterHoursStreakDays: '' };
    expect(toDocument(form).burnout).toEqual({ capStreakDays: 6 });
    form.burnout = null;
    expect('burnout' in toDocument(form)).toBe(false);
    expect(toForm(SPEC_EXAMPLE).burnout).toBeNull();
    expect(toDocument(toForm({ ...SPEC_EXAMPLE, burnout: 5 })).burnout).toBe(5);
  });

  it('says when the form cannot show a document', () => {
    expect(formShowsAll({ ...SPEC_EXAMPLE, rules: [] })).toBe(false);
  });

  it('flags amounts that are not amounts at their path', () => {
    const form = toForm(SPEC_EXAMPLE);
    form.tiers[2].payout = '40 000.123';
    expect(localProblems(form)).toEqual([{ path: 'tiers[2].payout', key: 'admin.rules.badAmount' }]);
  });
});

describe('problem path -> field', () => {
  const fields = fieldPaths(toForm(SPEC_EXAMPLE));

  it('finds the field of a problem, or the nearest field that holds it', () => {
    expect(fieldForPath('rules.call.weights[1].factor', fields)).toBe('rules.call.weights[1].factor');
    expect(fieldForPath('rules.call.weights[0].if.durationSec.lt', fields)).toBe(
      'rules.call.weights[0].if.durationSec.lt',
    );
    expect(fieldForPath('workingHours.weekdays[3]', fields)).toBe('workingHours.weekdays');
    expect(fieldForPath('tiers[1].gates.dealsWon.gte', fields)).toBe('tiers[1].gates.dealsWon.gte');
    expect(fieldForPath('dailyCaps.calls', fields)).toBe('dailyCaps.calls');
    expect(fieldForPath('rules.deal_won.perAmount.unit', fields)).toBe('rules.deal_won.perAmount.unit');
    expect(fieldForPath('tiers[7]', fields)).toBe('tiers');
    expect(fieldForPath('colour', fields)).toBeNull();
    expect(fieldForPath('', fields)).toBeNull();
  });

  it('places problems next to fields and lists the rest', () => {
    const placed = placeProblems(
      [
        { path: 'rules.email.points', message: 'must be a number' },
        { path: 'colour', message: 'unknown key "colour"' },
      ],
      fields,
    );
    expect(placed.byField.get('rules.email.points')).toEqual([
      { path: 'rules.email.points', message: 'must be a number' },
    ]);
    expect(placed.unplaced).toEqual([{ path: 'colour', message: 'unknown key "colour"' }]);
  });
});
