import { UnmappableDelivery, type InboundDelivery } from '../connector-adapter.js';
import { getcourseAdapter } from './getcourse-adapter.js';

const RECEIVED = Date.UTC(2026, 11, 4, 7, 30);
const call = (query: string): InboundDelivery => ({
  ...{ method: 'GET', url: `https://board.example/api/hooks/g1/s3cret?${query}`, headers: {} },
  ...{ rawBody: Buffer.alloc(0), receivedAt: RECEIVED },
});
/** The research brief's template, filled in by GetCourse for a paid order. */
const PAID =
  'order_id=4521&number=1044&status=payed&amount=22500&paid=22500&email=buyer%40example.com&manager=anna%40school.ru';

describe('GetCourse adapter', () => {
  it('maps a paid order to deal_won with the amount in kopecks, keyed by account, order and status', async () => {
    const { events } = await getcourseAdapter.map(call(PAID), null, { account: 'school' });
    expect(events).toEqual([
      {
        externalId: 'getcourse:school:order:4521:payed',
        type: 'deal_won',
        // no time in the call: when it reached us; the manager is who the template names
        crmUserId: 'anna@school.ru',
        occurredAt: '2026-12-04T07:30:00.000Z',
        attributes: {
          dealId: '4521',
          orderNumber: '1044',
          customerEmail: 'buyer@example.com',
          amount: 2250000,
          currency: 'RUB',
        },
        stage: { pipelineId: null, stageId: 'payed', semantic: 'won' },
      },
    ]);
    const again = await getcourseAdapter.map(call(PAID), null, { account: 'school' });
    expect(again.events.map((e) => e.externalId)).toEqual(['getcourse:school:order:4521:payed']);
  });

  it('accepts GetCourse variable names, Russian status titles and a POST, and the account from the URL', async () => {
    const query =
      'id=9&status=%D0%9E%D0%BF%D0%BB%D0%B0%D1%87%D0%B5%D0%BD&payed_money=1%20500%20%D1%80%D1%83%D0%B1.&cost_money_value=1500&account=acme';
    const { events } = await getcourseAdapter.map({ ...call(query), method: 'POST' }, null);
    expect(events[0]).toMatchObject({
      externalId: 'getcourse:acme:order:9:payed',
      type: 'deal_won',
      crmUserId: null,
      attributes: { amount: 150000, currency: 'RUB' },
    });
  });

  it('maps a cancelled order to deal_lost and other statuses to stage moves', async () => {
    const cancelled = await getcourseAdapter.map(call('order_id=9&status=cancelled'), null, { account: 'a' });
    expect(cancelled.events[0]).toMatchObject({
      externalId: 'getcourse:a:order:9:cancelled',
      type: 'deal_lost',
    });
    const waiting = await getcourseAdapter.map(call('order_id=9&status=payment_waiting'), null, {
      account: 'a',
    });
    expect(waiting.events[0]).toMatchObject({
      type: null,
      stage: { pipelineId: null, stageId: 'payment_waiting', semantic: 'open' },
    });
  });

  it('refuses an unfilled template, a paid order without an amount, and a connector without an account', async () => {
    const unfilled = call('order_id={object.id}&status={object.status}');
    await expect(getcourseAdapter.map(unfilled, null, { account: 'a' })).rejects.toThrow(UnmappableDelivery);
    await expect(
      getcourseAdapter.map(call('order_id=9&status=payed&amount=lots'), null, { account: 'a' }),
    ).rejects.toThrow(UnmappableDelivery);
    await expect(getcourseAdapter.map(call(PAID), null)).rejects.toThrow(UnmappableDelivery);
    await expect(
      getcourseAdapter.map(call(`${PAID}&amount=1e99&paid=`), null, { account: 'a' }),
    ).rejects.toThrow(UnmappableDelivery);
  });
});
