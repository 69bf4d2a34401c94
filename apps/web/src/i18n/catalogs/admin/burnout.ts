/** The burnout guard tab. Part of the console's catalog (`../admin.ts`). */
import type { Message } from '../../messages.js';

export const en = {
  'admin.burnout.title': 'Burnout guard',
  'admin.burnout.rule':
    'A rep is flagged after {cap} working days in a row at a daily cap, or {late} days in a row with activity outside their working hours. The last two weeks:',
  'admin.burnout.flaggedCount': {
    one: '{count} rep shows signs of overload',
    other: '{count} reps show signs of overload',
  },
  'admin.burnout.noneFlagged': 'Nobody shows signs of overload.',
  'admin.burnout.rep': 'Rep',
  'admin.burnout.ok': 'No overload',
  'admin.burnout.flag.cap': {
    one: '{count} day in a row at the {category} cap',
    other: '{count} days in a row at the {category} cap',
  },
  'admin.burnout.flag.anyCap': {
    one: '{count} working day in a row at a cap',
    other: '{count} working days in a row at a cap',
  },
  'admin.burnout.flag.afterHours': {
    one: 'after hours {count} day in a row',
    other: 'after hours {count} days in a row',
  },
  'admin.burnout.dayOff': 'day off',
  'admin.burnout.capUsage': '{category}: {used} of {cap} points',
  'admin.burnout.reached': 'cap reached',
  'admin.burnout.afterHoursUsage': {
    one: 'after hours: {count} event in {hours} h',
    other: 'after hours: {count} events in {hours} h',
  },
  'admin.burnout.legend.cap': 'a daily cap reached',
  'admin.burnout.legend.late': 'hours with activity after hours',
  'admin.burnout.empty': 'No active reps.',
} satisfies Record<string, Message>;

export const ru: Record<keyof typeof en, Message> = {
  'admin.burnout.title': 'Защита от выгорания',
  'admin.burnout.rule':
    'Менеджер отмечается после {cap} рабочих дней подряд на дневном лимите или {late} дней подряд с активностью вне рабочего времени. Последние две недели:',
  'admin.burnout.flaggedCount': {
    one: 'У {count} менеджера признаки перегрузки',
    few: 'У {count} менеджеров признаки перегрузки',
    many: 'У {count} менеджеров признаки перегрузки',
    other: 'У {count} менеджера признаки перегрузки',
  },
  'admin.burnout.noneFlagged': 'Признаков перегрузки нет ни у кого.',
  'admin.burnout.rep': 'Менеджер',
  'admin.burnout.ok': 'Перегрузки нет',
  'admin.burnout.flag.cap': {
    one: '{count} день подряд на лимите {category}',
    few: '{count} дня подряд на лимите {category}',
    many: '{count} дней подряд на лимите {category}',
    other: '{count} дня подряд на лимите {category}',
  },
  'admin.burnout.flag.anyCap': {
    one: '{count} рабочий день подряд на лимите',
    few: '{count} рабочих дня подряд на лимите',
    many: '{count} рабочих дней подряд на лимите',
    other: '{count} рабочего дня подряд на лимите',
  },
  'admin.burnout.flag.afterHours': {
    one: 'после работы {count} день подряд',
    few: 'после работы {count} дня подряд',
    many: 'после работы {count} дней подряд',
    other: 'после работы {count} дня подряд',
  },
  'admin.burnout.dayOff': 'выходной',
  'admin.burnout.capUsage': '{category}: {used} из {cap} очков',
  'admin.burnout.reached': 'лимит достигнут',
  'admin.burnout.afterHoursUsage': {
    one: 'вне рабочего времени: {count} событие за {hours} ч',
    few: 'вне рабочего времени: {count} события за {hours} ч',
    many: 'вне рабочего времени: {count} событий за {hours} ч',
    other: 'вне рабочего времени: {count} события за {hours} ч',
  },
  'admin.burnout.legend.cap': 'дневной лимит достигнут',
  'admin.burnout.legend.late': 'часы с активностью вне рабочего времени',
  'admin.burnout.empty': 'Нет активных менеджеров.',
};
