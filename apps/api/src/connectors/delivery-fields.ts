import type { InboundDelivery } from './connector-adapter.js';

/** A field of a delivery as a manager names it: a scalar, or absent. */
export type FieldValue = string | number | boolean | null | undefined;

/** Reads fields of a delivery by name: dot paths into a JSON body, form field names, query names. */
export interface DeliveryFields {
  get(path: string): FieldValue;
}

const isJsonBody = (delivery: InboundDelivery): boolean => {
  const type = delivery.headers['content-type'] ?? '';
  if (type.includes('json')) return true;
  if (type.includes('x-www-form-urlencoded')) return false;
  const first = delivery.rawBody.subarray(0, 64).toString('utf8').trimStart()[0];
  return first === '{' || first === '[';
};

function atPath(value: unknown, path: string): FieldValue {
  let node: unknown = value;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part))
      return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'object' && node !== null ? undefined : (node as FieldValue);
}

/**
 * The fields of a delivery: a JSON body is read by dot path (`deal.owner.id`, `items.0.id`), a
 * form body by field name (`leads[status][0][id]`), and the URL's query by name; the body first.
 * Throws `SyntaxError` for a body that claims JSON and is not.
 */
export function deliveryFields(delivery: InboundDelivery): DeliveryFields {
  const query = new URL(delivery.url, 'http://hook.invalid').searchParams;
  const text = delivery.rawBody.toString('utf8');
  if (delivery.rawBody.length > 0 && isJsonBody(delivery)) {
    const json: unknown = JSON.parse(text);
    return { get: (path) => atPath(json, path) ?? query.get(path) ?? undefined };
  }
  const form = new URLSearchParams(text);
  return { get: (path) => form.get(path) ?? query.get(path) ?? undefined };
}
