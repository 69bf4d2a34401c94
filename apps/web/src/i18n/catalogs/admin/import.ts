/** The CSV import tab. Part of the console's catalog (`../admin.ts`). */
import type { Message } from '../../messages.js';

export const en = {
  'admin.tab.import': 'Import',
  'admin.import.title': 'Import events from a CSV file',
  'admin.import.intro':
    'For a team without a connected CRM, or to load history: one row is one event. The whole file is checked first; if a single row is wrong, nothing is stored and every problem is listed by its row. Uploading the same file again adds nothing.',
  'admin.import.limits':
    'Up to 50 MB and 200,000 rows. Save from Excel as "CSV UTF-8": comma and semicolon both work.',
  'admin.import.file': 'CSV file',
  'admin.import.choose': 'Choose a file…',
  'admin.import.noFile': 'No file chosen',
  'admin.import.detected': 'Delimiter "{delimiter}", {count} columns. First rows:',
  'admin.import.unknown': 'not a known column: ignored, and the file is refused',
  'admin.import.noRows': 'The file has no rows under its header.',
  'admin.import.upload': 'Import',
  'admin.import.uploading': 'Importing…',
  'admin.import.done':
    'Imported {rows} rows: {created} new, {duplicate} already there, {held} waiting for their rep.',
  'admin.import.refused': 'The file was not imported and nothing was stored. Problems: {count}.',
  'admin.import.tooLarge': 'The file is too large: at most 50 MB and 200,000 rows. Split it in parts.',
  'admin.import.forbidden': 'Only an admin or a manager may import events.',
  'admin.import.row': 'Row',
  'admin.import.column': 'Column',
  'admin.import.problem': 'Problem',
  'admin.import.columnsTitle': 'Columns',
  'admin.import.columnsIntro':
    'The first row names the columns, in any order and any case. An empty cell means "no value".',
  'admin.import.col.required': 'externalId, type, rep, occurredAt: required',
  'admin.import.col.externalId':
    "externalId: the event's id in your system; the same id again is the same event",
  'admin.import.col.type':
    'type: call, email, meeting, demo_booked, demo_held, follow_up, lead_responded, lead_qualified, opportunity_created, deal_stage_changed, deal_won, deal_lost, customer_churned, void',
  'admin.import.col.rep':
    "rep: the rep's key (e-mail or CRM id); an unknown rep's events wait until the rep is added",
  'admin.import.col.occurredAt': 'occurredAt: date and time with an offset, e.g. 2026-11-18T10:30:00+03:00',
  'admin.import.col.source': 'source (optional): where the events come from; "csv" when left out',
  'admin.import.col.attributes':
    'Attributes, named as they are: durationSec, outcome (connected, voicemail, no_answer), scriptFollowed and replied (true/false, 1/0, да/нет), amount, margin and mrr (whole kopecks or cents), currency (RUB), product, region, channel, kind, from, to, reason, leadCreatedAt',
  'admin.import.col.free': 'Any other attribute: a column named attributes.<name>, e.g. attributes.note',
  'admin.import.example': 'Download an example CSV',
  'admin.import.msg.unknownColumn': 'not a known column (check its spelling, or name it attributes.<name>)',
  'admin.import.msg.required': 'this column is required',
  'admin.import.msg.twice': 'the column appears twice',
  'admin.import.msg.oneOf': 'must be one of: {values}',
  'admin.import.msg.date': 'not a date and time with an offset, e.g. 2026-11-18T10:30:00+03:00',
  'admin.import.msg.dateRange': 'the date must be from 2000 to tomorrow',
  'admin.import.msg.integer': 'must be a whole number (amounts in kopecks or cents, no sign unless allowed)',
  'admin.import.msg.boolean': 'must be true or false (1/0, да/нет)',
  'admin.import.msg.empty': 'must not be empty',
  'admin.import.msg.currency': 'must be a currency code, e.g. RUB',
  'admin.import.msg.utf8': 'the text is not UTF-8: save the file as "CSV UTF-8"',
  'admin.import.msg.nul': 'the cell holds a NUL character',
  'admin.import.msg.tooLong': 'the cell is too long',
  'admin.import.msg.fields': 'the row has more cells than the header',
  'admin.import.msg.unterminated': 'a quote opened here is never closed',
  'admin.import.msg.afterQuote': 'text after a closing quote (write a quote inside quotes as "")',
  'admin.import.msg.repeated': 'the same externalId as row {row}, with different values',
  'admin.import.msg.stored': 'an event with this externalId is already stored with different values',
  'admin.import.msg.foreignSource': 'this token may send only its own source',
  'admin.import.msg.margin': 'the margin must not exceed the amount',
  'admin.import.msg.more': '{count} more problems not listed',
} satisfies Record<string, Message>;

export const ru: Record<keyof typeof en, Message> = {
  'admin.tab.import': 'Импорт',
  'admin.import.title': 'Импорт событий из CSV-файла',
  'admin.import.intro':
    'Для команды без подключённой CRM или чтобы загрузить историю: одна строка — одно событие. Сначала проверяется весь файл; если ошибочна хоть одна строка, ничего не сохраняется, а все ошибки перечислены по номерам строк. Повторная загрузка того же файла ничего не добавит.',
  'admin.import.limits':
    'До 50 МБ и 200 000 строк. В Excel сохраните как «CSV UTF-8»: подходят и запятая, и точка с запятой.',
  'admin.import.file': 'CSV-файл',
  'admin.import.choose': 'Выбрать файл…',
  'admin.import.noFile': 'Файл не выбран',
  'admin.import.detected': 'Разделитель «{delimiter}», столбцов: {count}. Первые строки:',
  'admin.import.unknown': 'неизвестный столбец: файл не будет принят',
  'admin.import.noRows': 'Под заголовком нет ни одной строки.',
  'admin.import.upload': 'Импортировать',
  'admin.import.uploading': 'Импортируем…',
  'admin.import.done':
    'Импортировано строк: {rows}. Новых: {created}, уже были: {duplicate}, ждут своего менеджера: {held}.',
  'admin.import.refused': 'Файл не импортирован, ничего не сохранено. Ошибок: {count}.',
  'admin.import.tooLarge': 'Файл слишком большой: не более 50 МБ и 200 000 строк. Разделите его на части.',
  'admin.import.forbidden': 'Импортировать события может только администратор или руководитель.',
  'admin.import.row': 'Строка',
  'admin.import.column': 'Столбец',
  'admin.import.problem': 'Ошибка',
  'admin.import.columnsTitle': 'Столбцы',
  'admin.import.columnsIntro':
    'Первая строка называет столбцы — в любом порядке и регистре. Пустая ячейка значит «нет значения».',
  'admin.import.col.required': 'externalId, type, rep, occurredAt — обязательны',
  'admin.import.col.externalId':
    'externalId — номер события в вашей системе; тот же номер повторно — то же событие',
  'admin.import.col.type':
    'type — тип события: call (звонок), email, meeting (встреча), demo_booked, demo_held, follow_up, lead_responded, lead_qualified, opportunity_created, deal_stage_changed, deal_won (сделка выиграна), deal_lost, customer_churned, void (отмена)',
  'admin.import.col.rep':
    'rep — ключ менеджера (e-mail или id в CRM); события неизвестного менеджера ждут, пока его добавят',
  'admin.import.col.occurredAt': 'occurredAt — дата и время со смещением, например 2026-11-18T10:30:00+03:00',
  'admin.import.col.source': 'source (необязательно) — откуда события; если не указан — «csv»',
  'admin.import.col.attributes':
    'Атрибуты — столбцы с их именами: durationSec (секунды), outcome (connected, voicemail, no_answer), scriptFollowed и replied (true/false, 1/0, да/нет), amount, margin и mrr (в копейках), currency (RUB), product, region, channel, kind, from, to, reason, leadCreatedAt',
  'admin.import.col.free': 'Любой другой атрибут — столбец attributes.<имя>, например attributes.note',
  'admin.import.example': 'Скачать пример CSV',
  'admin.import.msg.unknownColumn':
    'неизвестный столбец (проверьте написание или назовите его attributes.<имя>)',
  'admin.import.msg.required': 'этот столбец обязателен',
  'admin.import.msg.twice': 'столбец указан дважды',
  'admin.import.msg.oneOf': 'допустимые значения: {values}',
  'admin.import.msg.date': 'нужны дата и время со смещением, например 2026-11-18T10:30:00+03:00',
  'admin.import.msg.dateRange': 'дата должна быть не раньше 2000 года и не позже завтрашнего дня',
  'admin.import.msg.integer': 'нужно целое число (суммы — в копейках)',
  'admin.import.msg.boolean': 'нужно true или false (1/0, да/нет)',
  'admin.import.msg.empty': 'не должно быть пустым',
  'admin.import.msg.currency': 'нужен код валюты, например RUB',
  'admin.import.msg.utf8': 'текст не в UTF-8: сохраните файл как «CSV UTF-8»',
  'admin.import.msg.nul': 'в ячейке символ NUL',
  'admin.import.msg.tooLong': 'ячейка слишком длинная',
  'admin.import.msg.fields': 'в строке больше ячеек, чем в заголовке',
  'admin.import.msg.unterminated': 'открытая здесь кавычка не закрыта',
  'admin.import.msg.afterQuote': 'текст после закрывающей кавычки (кавычку внутри кавычек пишут как "")',
  'admin.import.msg.repeated': 'тот же externalId, что в строке {row}, но с другими значениями',
  'admin.import.msg.stored': 'событие с этим externalId уже сохранено с другими значениями',
  'admin.import.msg.foreignSource': 'этот токен может отправлять только свой источник',
  'admin.import.msg.margin': 'маржа не может быть больше суммы',
  'admin.import.msg.more': 'ещё ошибок, не показанных здесь: {count}',
};
