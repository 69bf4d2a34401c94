import { UnmappableDelivery } from '../connector-adapter.js';
import { formPairs, listAt, parseForm, textAt } from './form-body.js';

describe('parseForm', () => {
  it('nests bracket keys the way amoCRM and Bitrix24 send them, several list items in order', () => {
    const form = parseForm(
      'leads[status][1][id]=2&leads[status][0][id]=1&data[FIELDS][ID]=662&auth[application_token]=t%2Bk&name=a+b',
    );
    expect(listAt(form, 'leads', 'status').map((item) => textAt(item, 'id'))).toEqual(['1', '2']);
    expect(textAt(form, 'data', 'FIELDS', 'ID')).toBe('662');
    expect(textAt(form, 'auth', 'application_token')).toBe('t+k');
    expect(textAt(form, 'name')).toBe('a b');
  });

  it('appends `[]` items and keeps the first shape when a key is both a value and a node', () => {
    const form = parseForm('tag[]=x&tag[]=y&a=1&a[b]=2&c[d]=3&c=4');
    expect(textAt(form, 'tag', '0')).toBe('x');
    expect(textAt(form, 'tag', '1')).toBe('y');
    expect(textAt(form, 'a')).toBe('1');
    expect(textAt(form, 'c', 'd')).toBe('3');
    expect(textAt(form, 'c')).toBeNull();
  });

  it('drops __proto__, constructor and prototype segments and pollutes nothing', () => {
    const form = parseForm(
      '__proto__[polluted]=1&a[__proto__][polluted]=1&a[constructor][prototype][x]=1&a[ok]=1',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(Object.keys(form)).toEqual(['a']);
    expect(Object.keys(form.a ?? {})).toEqual(['ok']);
  });

  it('bounds depth and the number of fields', () => {
    const deep = parseForm(`a${'[b]'.repeat(20)}=1&short[x]=2`);
    expect(Object.keys(deep)).toEqual(['short']);
    const many = Array.from({ length: 2001 }, (_, i) => `f${i}=1`).join('&');
    expect(() => parseForm(many)).toThrow(UnmappableDelivery);
    expect(formPairs('b=2&a=1&a=0')).toEqual([
      ['b', '2'],
      ['a', '1'],
      ['a', '0'],
    ]);
  });
});
