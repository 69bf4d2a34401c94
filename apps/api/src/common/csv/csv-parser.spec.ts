import fc from 'fast-check';
import {
  CsvLimitError,
  CsvParser,
  DEFAULT_CSV_LIMITS,
  readCsv,
  type CsvLimits,
  type CsvRecord,
} from './csv-parser.js';
import { writeCsv } from './csv-writer.js';

/** Parses `input` fed in chunks of `size` bytes. */
function parse(input: string | Buffer, size = 7, limits: CsvLimits = DEFAULT_CSV_LIMITS): CsvRecord[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const parser = new CsvParser(limits);
  const records: CsvRecord[] = [];
  for (let i = 0; i < bytes.length; i += size) records.push(...parser.push(bytes.subarray(i, i + size)));
  records.push(...parser.end());
  return records;
}

const values = (records: CsvRecord[]): string[][] => records.map((r) => r.values);

describe('CsvParser', () => {
  it('reads quotes, doubled quotes, newlines inside quotes, CRLF and LF, numbering rows and lines', () => {
    const records = parse('a,b\r\n"x, y","say ""hi"""\n"two\r\nlines",z\nlast,1');
    expect(values(records)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\r\nlines', 'z'],
      ['last', '1'],
    ]);
    expect(records.map((r) => [r.row, r.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 5],
    ]);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it('strips a UTF-8 BOM and detects `;` from the header (Excel in a Russian locale)', () => {
    const parser = new CsvParser();
    const records = [...parser.push(Buffer.from('\uFEFFимя;сумма\r\nИванов, И.;1,5\r\n')), ...parser.end()];
    expect(parser.delimiter).toBe(';');
    expect(values(records)).toEqual([
      ['имя', 'сумма'],
      ['Иванов, И.', '1,5'],
    ]);
  });

  it('keeps `,` when the header has no `;`, and skips blank rows while still counting them', () => {
    const records = parse('a,b\n\n1,2\n,\n3,4\n');
    expect(values(records)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(records.map((r) => r.row)).toEqual([1, 3, 5]);
  });

  it('gives a row error, not an exception, for invalid UTF-8, NUL, an overlong field, extra fields, text after a quote and an unterminated quote', () => {
    const bad = Buffer.concat([
      Buffer.from('a,b\n1,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n2,x\u0000y\n3,4,5\n"q"r,1\n5,' + 'z'.repeat(70_000) + '\nok,ok\n"open,1\n'),
    ]);
    const records = parse(bad, 4096);
    expect(
      records.map((r) => [r.row, r.error?.column, r.error?.message.split(' ').slice(0, 4).join(' ')]),
    ).toEqual([
      [1, undefined, undefined],
      [2, 1, 'the field is not'],
      [3, 1, 'the field holds a'],
      [4, undefined, 'the row has 3'],
      [5, undefined, 'text after a closing'],
      [6, 1, 'the field is longer'],
      [7, undefined, undefined],
      [8, undefined, 'a quoted field is'],
    ]);
    expect(records[3].values).toEqual(['3', '4']);
  });

  it('refuses the whole file over its byte, row or header-column limits', () => {
    const limits = { ...DEFAULT_CSV_LIMITS, maxBytes: 100, maxRows: 2, maxColumns: 3 };
    const kind = (input: string): string | null => {
      try {
        parse(input, 7, limits);
        return null;
      } catch (error) {
        return error instanceof CsvLimitError ? error.kind : 'other';
      }
    };
    expect(kind('a\n' + 'x'.repeat(120))).toBe('bytes');
    expect(kind('a\n1\n2\n3\n')).toBe('rows');
    expect(kind('a\n1\n2\n')).toBeNull();
    expect(kind('a,b,c,d\n')).toBe('columns');
    expect(kind('a,b,c\n1,2,3,4,5,6,7,8\n')).toBeNull();
  });

  it('reads a stream of strings and buffers through readCsv', async () => {
    async function* chunks(): AsyncGenerator<string | Buffer> {
      yield 'a;b\r';
      yield Buffer.from('\n1;"2\n');
      yield '3"\r\n';
    }
    const records: CsvRecord[] = [];
    for await (const record of readCsv(chunks())) records.push(record);
    expect(values(records)).toEqual([
      ['a', 'b'],
      ['1', '2\n3'],
    ]);
  });

  // A table: a header and rows of its width, none blank (a blank row is skipped by design), no NUL.
  const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
  const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
    fc.array(
      fc.array(cell, { minLength: width, maxLength: width }).filter((row) => row.some((v) => v !== '')),
      { minLength: 1, maxLength: 12 },
    ),
  );

  it('reads back equal any table a CSV writer wrote, with either delimiter, in any chunking', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom<',' | ';'>(',', ';'),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (rows, delimiter, size, bom) => {
          const text = (bom ? '\uFEFF' : '') + writeCsv(rows, delimiter);
          const records = parse(text, size);
          expect(values(records)).toEqual(rows);
          expect(records.every((r) => r.error === undefined)).toBe(true);
        },
      ),
    );
  });

  it('never throws anything but a limit error on any byte string', () => {
    const limits = { ...DEFAULT_CSV_LIMITS, maxFieldBytes: 16, maxColumns: 8 };
    const bytes = fc.array(
      fc.oneof(
        fc.constantFrom(0x22, 0x2c, 0x3b, 0x0d, 0x0a, 0x00, 0xef, 0xbb, 0xbf, 0xc3, 0xed),
        fc.integer({ min: 0, max: 255 }),
      ),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(bytes, fc.integer({ min: 1, max: 50 }), (list, size) => {
        try {
          const records = parse(Buffer.from(list), size, limits);
          for (const r of records) {
            expect(r.values.every((v) => !v.includes('\u0000') && !/\p{Cs}/u.test(v))).toBe(true);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(CsvLimitError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
