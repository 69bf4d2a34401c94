/** The rule set's problems at the fields of the editor, by document path. */
import { createContext, useContext } from 'react';
import type { ValidationProblem } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import type { LocalProblem } from './rule-set-problems.js';

/** Rule set problems by field path, for the editor's fields. */
export const ProblemsContext = createContext<Map<string, Array<ValidationProblem | LocalProblem>>>(new Map());

export function ProblemText({ problem }: { problem: ValidationProblem | LocalProblem }) {
  const t = useT();
  return <>{'key' in problem ? t(problem.key) : problem.message}</>;
}

/** The problems placed at `path`, under the field. */
export function FieldProblems({ path }: { path: string }) {
  const problems = useContext(ProblemsContext).get(path);
  if (!problems || problems.length === 0) return null;
  return (
    <span className="field-problem" data-problem-path={path}>
      {problems.map((problem, index) => (
        <span key={index}>
          <ProblemText problem={problem} />
        </span>
      ))}
    </span>
  );
}

export function useHasProblem(path: string): boolean {
  return (useContext(ProblemsContext).get(path)?.length ?? 0) > 0;
}
