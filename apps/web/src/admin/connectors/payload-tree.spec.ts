import { payloadRows } from './payload-tree.js';

describe('payloadRows', () => {
  it('names JSON leaves by dot path, arrays by index, branches not pickable', () => {
    const body = JSON.stringify({
      deal: { id: 7, owner: { email: 'a@x.ru' }, items: [{ sku: 'S1' }] },
      ok: true,
    });
    expect(payloadRows({ body, url: '/api/hooks/c/***' })).toEqual([
      { path: 'deal', name: 'deal', depth: 0, value: null },
      { path: 'deal.id', name: 'id', depth: 1, value: '7' },
      { path: 'deal.owner', name: 'owner', depth: 1, value: null },
      { path: 'deal.owner.email', name: 'email', depth: 2, value: 'a@x.ru' },
      { path: 'deal.items', name: 'items', depth: 1, value: null },
      { path: 'deal.items.0', name: '0', depth: 2, value: null },
      { path: 'deal.items.0.sku', name: 'sku', depth: 3, value: 'S1' },
      { path: 'ok', name: 'ok', depth: 0, value: 'true' },
    ]);
  });

  it('reads a form body by field name and the query string after it', () => {
    const rows = payloadRows({
      body: 'leads[status][0][id]=10701093&leads[status][0][price]=22500',
      url: '/api/hooks/c/***?source=site&utm=a%20b',
    });
    expect(rows.map((row) => [row.path, row.value])).toEqual([
      ['leads[status][0][id]', '10701093'],
      ['leads[status][0][price]', '22500'],
      ['source', 'site'],
      ['utm', 'a b'],
    ]);
  });

  it('gives nothing for a body that is neither, and stops at the limit', () => {
    expect(payloadRows({ body: '{"broken": ', url: '/x' })).toEqual([]);
    const wide = JSON.stringify(Object.fromEntries([...Array(50).keys()].map((i) => [`k${i}`, i])));
    expect(payloadRows({ body: wide, url: '/x' }, 10)).toHaveLength(10);
  });
});
