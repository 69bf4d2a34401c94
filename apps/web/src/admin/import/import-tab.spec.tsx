import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useLocaleStore } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { previewCsv } from './csv-preview.js';
import { exampleCsv } from './example-csv.js';
import { ImportTab } from './import-tab.js';
import { readText } from './import-store.js';

function signIn() {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
}

const FILE =
  '\uFEFFexternalId;type;rep;occurredAt;amount;colour\r\n' +
  'd1;deal_won;anna@example.com;2026-11-18T10:00:00+03:00;100;\r\n' +
  '"c;2";call;"Иванов ""И.""";2026-11-18T10:05:00+03:00;;\r\n';

function choose(text: string, label = 'CSV file') {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { files: [new File([text], 'events.csv', { type: 'text/csv' })] } });
}

describe('the Import tab', () => {
  beforeEach(() => useLocaleStore.setState({ locale: 'en' }));

  it('previews the detected delimiter, the columns (an unknown one marked) and the first rows, then uploads the file itself', async () => {
    signIn();
    const calls = fakeApi({
      'POST /api/events/import': { status: 200, body: { rows: 2, created: 1, duplicate: 0, held: 1 } },
    });
    render(<ImportTab />);
    choose(FILE);
    expect(await screen.findByText('Delimiter ";", 6 columns. First rows:')).toBeTruthy();
    const preview = screen.getByRole('table', { name: 'CSV file' });
    expect(
      within(preview)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['externalId', 'type', 'rep', 'occurredAt', 'amount', 'colour']);
    expect(within(preview).getByText('colour').getAttribute('title')).toMatch(/not a known column/);
    expect(within(preview).getByText('Иванов "И."')).toBeTruthy();
    expect(within(preview).getByText('c;2')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Imported 2 rows: 1 new, 0 already there, 1 waiting for their rep.',
    );
    const upload = calls.find((call) => call.key === 'POST /api/events/import');
    expect(upload?.body).toBeInstanceOf(Blob);
    // The file itself, BOM included (FileReader drops the BOM when it decodes).
    expect((upload?.body as Blob).size).toBe(Buffer.byteLength(FILE));
    expect(await readText(upload?.body as Blob)).toBe(FILE.slice(1));
  });

  it('lists a refusal by row and column in the UI language, with the count of problems not listed', async () => {
    signIn();
    useLocaleStore.setState({ locale: 'ru' });
    fakeApi({
      'POST /api/events/import': {
        status: 422,
        body: {
          error: {
            code: 'BATCH_INVALID',
            message: 'The file has 1003 bad rows; nothing was stored',
            details: [
              { index: 1, path: 'row 1: colour', message: 'is not a known column' },
              {
                index: 4,
                path: 'row 4: occurredAt',
                message: 'must be a valid ISO-8601 date-time with an offset or Z',
              },
              { index: 9, path: 'row 9', message: 'the row has 7 fields, the header 6' },
              { index: 12, path: 'row 12: type', message: 'must be one of call, email' },
              { index: 13, path: 'row 13: note', message: 'something the client has no text for' },
              { path: 'rows', message: '998 more errors not listed' },
            ],
          },
        },
      },
    });
    render(<ImportTab />);
    // The picker speaks the console's language, whatever the browser's is.
    expect(screen.getByText('Выбрать файл…')).toBeTruthy();
    expect(screen.getByText('Файл не выбран')).toBeTruthy();
    choose(FILE, 'CSV-файл');
    await screen.findByText(/Разделитель/);
    expect(screen.getByText('events.csv')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Импортировать' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Файл не импортирован, ничего не сохранено. Ошибок: 1003.',
    );
    const rows = screen
      .getAllByRole('row')
      .slice(-5)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ['1', 'colour', 'неизвестный столбец (проверьте написание или назовите его attributes.<имя>)'],
      ['4', 'occurredAt', 'нужны дата и время со смещением, например 2026-11-18T10:30:00+03:00'],
      ['9', '', 'в строке больше ячеек, чем в заголовке'],
      ['12', 'type', 'допустимые значения: call, email'],
      ['13', 'note', 'something the client has no text for'],
    ]);
    expect(screen.getByText('ещё ошибок, не показанных здесь: 998')).toBeTruthy();
  });

  it('says a file over the limits is too large', async () => {
    signIn();
    fakeApi({
      'POST /api/events/import': {
        status: 413,
        body: { error: { code: 'VALIDATION_FAILED', message: 'The file is refused', details: [] } },
      },
    });
    render(<ImportTab />);
    choose(FILE);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Import' }).hasAttribute('disabled')).toBe(false),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/at most 50 MB and 200,000 rows/);
  });

  it('offers an example file with three event types that its own preview reads back', () => {
    render(<ImportTab />);
    const link = screen.getByRole('link', { name: 'Download an example CSV' });
    expect(link.getAttribute('download')).toBe('events-example.csv');
    const en = previewCsv(
      decodeURIComponent((link.getAttribute('href') ?? '').split(',').slice(1).join(',')),
    );
    expect(en.delimiter).toBe(',');
    expect(en.rows.map((row) => row[2])).toEqual(['call', 'deal_won', 'email']);
    const ru = previewCsv(exampleCsv('ru'));
    expect(ru.delimiter).toBe(';');
    expect(ru.columns).toEqual(en.columns);
    expect(ru.rows).toEqual(en.rows);
    expect(ru.rows[1][10]).toBe('Курс "Продажи"');
  });
});
