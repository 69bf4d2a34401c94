import type { ConnectorSettings } from '@leaderboard/contracts';
import { UnmappableDelivery, type InboundDelivery } from './connector-adapter.js';
import { FIELDS_NOT_MAPPED, genericAdapter, genericSettingsProblem, minorDigits } from './generic.adapter.js';

const delivery = (
  body: string,
  type: string,
  url = 'https://lb.example.com/api/hooks/c/***',
): InboundDelivery => ({
  method: 'POST',
  url,
  headers: { 'content-type': type },
  rawBody: Buffer.from(body),
  receivedAt: Date.UTC(2026, 10, 18),
});

/** The amoCRM "deal moved to won" sample of the research brief, read by field name. */
const AMO_FORM =
  'leads[status][0][id]=10701093&leads[status][0][status_id]=142&leads[status][0][old_status_id]=20067736' +
  '&leads[status][0][pipeline_id]=9217056&leads[status][0][price]=22500&leads[status][0][responsible_user_id]=2079676' +
  '&leads[status][0][modified_user_id]=2079718&leads[status][0][last_modified]=1539782664' +
  '&leads[status][0][account_id]=17769199&account[subdomain]=acme&account[id]=17769199';

const AMO_SETTINGS = {
  externalIdPath: 'leads[status][0][id]',
  crmUserIdPath: 'leads[status][0][responsible_user_id]',
  occurredAtPath: 'leads[status][0][last_modified]',
  stagePath: 'leads[status][0][status_id]',
  pipelinePath: 'leads[status][0][pipeline_id]',
  amountPath: 'leads[status][0][price]',
  currency: 'RUB',
} satisfies ConnectorSettings;
const { stagePath: _stage, ...AMO_WITHOUT_STAGE } = AMO_SETTINGS;

describe('the generic adapter', () => {
  it('maps the amoCRM form sample by field names: a stage move of the deal with its amount in kopecks', async () => {
    const mapped = await genericAdapter(AMO_SETTINGS).map(
      delivery(AMO_FORM, 'application/x-www-form-urlencoded'),
      null,
    );
    expect(mapped.events).toEqual([
      {
        externalId: '10701093:stage:142',
        type: null,
        crmUserId: '2079676',
        occurredAt: '2018-10-17T13:24:24.000Z',
        attributes: { amount: 2_250_000, currency: 'RUB' },
        stage: { pipelineId: '9217056', stageId: '142', semantic: null },
      },
    ]);
  });

  it('reads the GetCourse "Request URL" query string of a GET', async () => {
    const url =
      'https://lb.example.com/api/hooks/c/***?order_id=501&status=payed&amount=1990.50&email=anna%40example.com&at=2026-11-18T10:00:00%2B03:00';
    const adapter = genericAdapter({
      externalIdPath: 'order_id',
      crmUserIdPath: 'email',
      occurredAtPath: 'at',
      eventType: 'deal_won',
      amountPath: 'amount',
      currency: 'RUB',
    });
    const mapped = await adapter.map({ ...delivery('', ''), method: 'GET', url }, null);
    expect(mapped.events[0]).toMatchObject({
      externalId: '501:deal_won',
      type: 'deal_won',
      crmUserId: 'anna@example.com',
      occurredAt: '2026-11-18T07:00:00.000Z',
      attributes: { amount: 199_050, currency: 'RUB' },
    });
  });

  it('reads JSON by dot path, array items by index', async () => {
    const adapter = genericAdapter({
      externalIdPath: 'items.0.id',
      crmUserIdPath: 'items.0.owner.id',
      occurredAtPath: 'items.0.at',
      typePath: 'items.0.kind',
      durationSecPath: 'items.0.seconds',
    });
    const body = JSON.stringify({
      items: [{ id: 'c1', owner: { id: 7 }, at: 1763449200000, kind: 'call', seconds: 95 }],
    });
    const mapped = await adapter.map(delivery(body, 'application/json'), null);
    expect(mapped.events[0]).toMatchObject({
      externalId: 'c1:call',
      type: 'call',
      crmUserId: '7',
      attributes: { durationSec: 95 },
    });
  });

  it('names the missing path, a bad type or a bad date as the reason a delivery is unmappable', async () => {
    const adapter = genericAdapter({ ...AMO_WITHOUT_STAGE, typePath: 'kind' });
    const reasonOf = async (body: string, type = 'application/json') => {
      try {
        await adapter.map(delivery(body, type), null);
        return 'mapped';
      } catch (error) {
        return error instanceof UnmappableDelivery ? error.reason : `other: ${String(error)}`;
      }
    };
    expect(await reasonOf(AMO_FORM, 'application/x-www-form-urlencoded')).toContain('"kind"');
    expect(await reasonOf(`${AMO_FORM}&kind=bribe`, 'application/x-www-form-urlencoded')).toContain(
      'not an event type',
    );
    expect(await reasonOf('{"deal": ', 'application/json')).toBe('the body is not valid JSON');
    const noDate = AMO_FORM.replace('1539782664', 'yesterday');
    expect(await reasonOf(`${noDate}&kind=call`, 'application/x-www-form-urlencoded')).toContain(
      'not a date-time',
    );
    const localTime = AMO_FORM.replace('1539782664', '2026-11-18T10:00:00');
    expect(await reasonOf(`${localTime}&kind=call`, 'application/x-www-form-urlencoded')).toContain(
      'not a date-time',
    );
  });

  it('checks its settings when the connector is created', () => {
    expect(genericSettingsProblem(AMO_SETTINGS)).toBeNull();
    expect(genericSettingsProblem({ externalIdPath: 'id' })).toMatch(
      /missing settings: crmUserIdPath, occurredAtPath/,
    );
    expect(genericSettingsProblem({ ...AMO_WITHOUT_STAGE, typePath: 'kind' })).toBeNull();
    expect(genericSettingsProblem(AMO_WITHOUT_STAGE)).toMatch(/typePath, eventType or stagePath/);
    expect(genericSettingsProblem({ ...AMO_SETTINGS, eventType: 'void' })).toMatch(/eventType must be/);
    expect(genericSettingsProblem({ ...AMO_SETTINGS, currency: 'rub' })).toMatch(/currency/);
    expect(genericSettingsProblem({ ...AMO_SETTINGS, secretPath: 'x' })).toMatch(
      /unknown settings: secretPath/,
    );
  });

  it('takes a connector without field paths, whose deliveries wait for them', async () => {
    expect(genericSettingsProblem({})).toBeNull();
    expect(genericSettingsProblem({ currency: 'RUB' })).toBeNull();
    expect(genericSettingsProblem({ currency: 'rubles' })).toMatch(/currency/);
    expect(genericSettingsProblem({ amountPath: 'price' })).toMatch(/missing settings/);
    await expect(
      genericAdapter({ currency: 'RUB' }).map(delivery('{"id":1}', 'application/json'), null),
    ).rejects.toEqual(new UnmappableDelivery(FIELDS_NOT_MAPPED));
  });

  it('knows the minor unit of each currency', () => {
    expect([minorDigits('RUB'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
  });
});
