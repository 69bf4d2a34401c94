/**
 * A fake GetCourse school: orders; the export API our client reads (`/pl/api/account/deals` starts
 * an export filtered by `created_at[from]` and `status`, `/pl/api/account/exports/{id}` answers
 * error 910 "not ready" a few times, then `info.fields` + `info.items`), the `key` parameter, answers
 * with HTTP 200 and `success: false` as GetCourse does; and a sender doing the process operation
 * "Вызвать URL": every value in the query string built from the admin's template, GET or POST.
 */
import { FakeServer, type FakeAnswer, type FakeRequest } from './fake-server.js';

export interface GetCourseOrder {
  id: number;
  number: number;
  status: string;
  /** Major units. */
  cost: number;
  paid: number;
  email: string;
  manager: string;
  /** `YYYY-MM-DD HH:MM:SS`, the school's local time. */
  createdAt: string;
  paidAt: string | null;
}

export const GETCOURSE_EXPORT_FIELDS = [
  'ID заказа',
  'Номер',
  'Пользователь',
  'Email',
  'Дата создания',
  'Дата оплаты',
  'Статус',
  'Стоимость, RUB',
  'Оплачено',
  'Менеджер',
];

/** GetCourse's titles of the statuses, as an export shows them [unconfirmed]. */
const TITLES: Record<string, string> = {
  new: 'Новый',
  payed: 'Завершен',
  cancelled: 'Отменен',
  in_work: 'В работе',
};

export class GetCourseFake {
  readonly server = new FakeServer();
  readonly orders = new Map<number, GetCourseOrder>();
  private readonly exports = new Map<number, { rows: unknown[][]; polls: number }>();
  private nextExport = 1;

  constructor(
    readonly key = 'gc-key',
    /** How many polls of an export answer 910 before it is ready. */
    readonly notReadyPolls = 2,
  ) {
    const s = this.server;
    s.on('GET', /\/pl\/api\/account\/deals/, (req) => this.keyed(req, () => this.startExport(req)));
    s.on('GET', /\/pl\/api\/account\/exports\/(\d+)/, (req, [id]) =>
      this.keyed(req, () => this.readExport(Number(id))),
    );
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  upsert(order: GetCourseOrder): GetCourseOrder {
    this.orders.set(order.id, order);
    return order;
  }

  /** `count` paid orders of `managers` created a minute apart on `day` (`YYYY-MM-DD`). */
  seedPaid(count: number, day: string, managers: string[]): void {
    for (let i = 0; i < count; i += 1) {
      const time = `${day} ${String(8 + (Math.floor(i / 60) % 14)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
      this.upsert({
        id: 300_000 + i,
        number: 1_000 + i,
        status: 'payed',
        cost: 1000 + i,
        paid: 1000 + i,
        email: `buyer-${i}@example.com`,
        manager: managers[i % managers.length] ?? '',
        createdAt: time,
        paidAt: time,
      });
    }
  }

  private keyed(req: FakeRequest, answer: () => FakeAnswer): FakeAnswer {
    if (req.query.get('key') !== this.key)
      return { body: { success: false, error_message: 'Неверный ключ', error: true } };
    return answer();
  }

  private startExport(req: FakeRequest): FakeAnswer {
    const from = req.query.get('created_at[from]') ?? '0000-00-00';
    const status = req.query.get('status');
    const rows = [...this.orders.values()]
      .filter((o) => o.createdAt.slice(0, 10) >= from && (status === null || o.status === status))
      .map((o) => [
        o.id,
        o.number,
        o.email,
        o.email,
        o.createdAt,
        o.paidAt ?? '',
        TITLES[o.status] ?? o.status,
        o.cost,
        o.paid,
        o.manager,
      ]);
    const id = this.nextExport++;
    this.exports.set(id, { rows, polls: 0 });
    return { body: { success: true, info: { export_id: id } } };
  }

  private readExport(id: number): FakeAnswer {
    const found = this.exports.get(id);
    if (!found) return { body: { success: false, error_code: 404, error_message: 'Экспорт не найден' } };
    found.polls += 1;
    if (found.polls <= this.notReadyPolls)
      return { body: { success: false, error_code: 910, error_message: 'Файл еще не создан' } };
    return { body: { success: true, info: { fields: GETCOURSE_EXPORT_FIELDS, items: found.rows } } };
  }
}

/** The research brief's template with the manager's e-mail; `{object.*}` filled by GetCourse. */
export const GETCOURSE_TEMPLATE =
  'order_id={object.id}&number={object.number}&status={object.status}&amount={object.cost_money_value}&paid={object.payed_money}&email={object.user.email}&manager={object.manager.email}';

/** The URL GetCourse calls: the template's placeholders filled with the order's values, URL-encoded. */
export function getcourseCallUrl(
  hookUrl: string,
  order: GetCourseOrder,
  template = GETCOURSE_TEMPLATE,
): string {
  const values: Record<string, string> = {
    'object.id': String(order.id),
    'object.number': String(order.number),
    'object.status': order.status,
    'object.cost_money_value': String(order.cost),
    'object.payed_money': `${order.paid} руб.`,
    'object.user.email': order.email,
    'object.manager.email': order.manager,
  };
  const query = template.replace(/\{([a-z_.]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name] ?? '') : whole,
  );
  return `${hookUrl}${hookUrl.includes('?') ? '&' : '?'}${query}`;
}

/** "Вызвать URL": GET or POST (the data in the query either way), retried after a failure [unconfirmed]. */
export async function sendGetCourse(
  url: string,
  method: 'GET' | 'POST' = 'GET',
  retries = 0,
): Promise<Response[]> {
  const answers: Response[] = [];
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    const res = await fetch(url, { method, headers: { 'user-agent': 'GetCourse' } });
    await res.text();
    answers.push(res);
    if (res.ok) break;
  }
  return answers;
}
