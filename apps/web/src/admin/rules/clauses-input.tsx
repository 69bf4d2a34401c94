/** Conditions `attr op value`, all of which must hold: a weight's `if`, a tier's gates (numbers only). */
import { CONDITION_OPERATORS, GATE_KEYS } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import { parseConditionText } from './condition-text.js';
import { FieldProblems } from './field-problems.js';
import { clause, type ClauseForm } from './rule-set-form.js';
import { clausePath, keyPath } from './rule-set-problems.js';
import { GhostButton, TextInput } from './rule-set-inputs.js';
import { ATTRIBUTES, GATE_LABEL, OPERATOR_SIGN } from './rule-set-labels.js';

export function ClausesInput({
  base,
  clauses,
  numeric,
  onChange,
}: {
  base: string;
  clauses: ClauseForm[];
  numeric: boolean;
  onChange: (recipe: (clauses: ClauseForm[]) => void) => void;
}) {
  const t = useT();
  const listId = numeric ? 'admin-gate-keys' : 'admin-attributes';
  return (
    <div className="admin-clauses" data-path={base}>
      <FieldProblems path={base} />
      {clauses.map((item, c) => {
        const path = clausePath(base, item);
        return (
          <div key={item.id} className="admin-clause" data-path={path}>
            {numeric ? (
              <select
                aria-label={t('admin.rules.gate')}
                value={item.attr}
                onChange={(event) => onChange((list) => void (list[c].attr = event.target.value))}
              >
                {[...new Set([...GATE_KEYS, item.attr])].map((key) => (
                  <option key={key} value={key}>
                    {GATE_LABEL[key] ? t(GATE_LABEL[key]) : key}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={t('admin.rules.attribute')}
                list={listId}
                value={item.attr}
                placeholder={t('admin.rules.attribute')}
                onChange={(event) => onChange((list) => void (list[c].attr = event.target.value))}
              />
            )}
            <select
              aria-label={t('admin.rules.operator')}
              value={item.op}
              onChange={(event) =>
                onChange((list) => {
                  list[c].op = event.target.value;
                  list[c].value = parseConditionText(list[c].text, event.target.value);
                })
              }
            >
              {[...new Set([...CONDITION_OPERATORS, item.op])].map((op) => (
                <option key={op} value={op}>
                  {OPERATOR_SIGN[op] ?? op}
                </option>
              ))}
            </select>
            <TextInput
              path={path}
              aria-label={t('admin.rules.value')}
              value={item.text}
              placeholder={item.op === 'in' ? 'a, b, c' : ''}
              onChange={(value) =>
                onChange((list) => {
                  list[c].text = value;
                  list[c].value = parseConditionText(value, list[c].op);
                })
              }
            />
            <GhostButton
              label={t('admin.rules.removeCondition')}
              onClick={() => onChange((list) => void list.splice(c, 1))}
            >
              ×
            </GhostButton>
            <FieldProblems path={path} />
            <FieldProblems path={keyPath(base, item.attr)} />
          </div>
        );
      })}
      <GhostButton
        onClick={() =>
          onChange(
            (list) =>
              void list.push(clause(numeric ? GATE_KEYS[0] : '', numeric ? 'gte' : 'eq', numeric ? 1 : '')),
          )
        }
      >
        {numeric ? t('admin.rules.addGate') : t('admin.rules.addCondition')}
      </GhostButton>
      <datalist id={listId}>
        {(numeric ? GATE_KEYS : ATTRIBUTES).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
