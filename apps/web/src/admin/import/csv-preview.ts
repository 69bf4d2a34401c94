/**
 * The first rows of a CSV file as the server will read them (RFC 4180 quotes, `,` or `;` detected
 * from the header, a BOM dropped), for the preview before upload. Reads a text prefix only: a row
 * cut by the end of the prefix is left out.
 */
export interface CsvPreview {
  delimiter: ',' | ';';
  columns: string[];
  rows: string[][];
}

function detectDelimiter(text: string): ',' | ';' {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes) {
      if (char === ',') commas++;
      else if (char === ';') semicolons++;
      else if (char === '\n' || char === '\r') break;
    }
  }
  return semicolons > commas ? ';' : ',';
}

/** `complete`: whether `text` is the whole file (then the last row counts without a line end). */
export function previewCsv(input: string, maxRows = 5, complete = true): CsvPreview {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let started = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.some((value) => value !== '')) records.push(fields);
    fields = [];
    field = '';
    started = false;
  };
  for (let i = 0; i < text.length && records.length <= maxRows; i++) {
    const char = text[i];
    started = true;
    if (inQuotes) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else inQuotes = false;
    } else if (char === '"') inQuotes = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += char;
  }
  if (complete && started && records.length <= maxRows) endRecord();
  const [columns = [], ...rows] = records;
  return { delimiter, columns: columns.map((name) => name.trim()), rows: rows.slice(0, maxRows) };
}
