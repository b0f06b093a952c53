import { Notice } from './notice';

/**
 * What is wrong with a list page's query string (a hand-edited URL, an old bookmark): each parameter
 * by name with why, as the API's error details say it. Nothing when there is nothing to say.
 */
export function FilterProblems({ problems, testId }: { problems: string[]; testId: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="mb-5">
      <Notice tone="error" title="These filters cannot be used" testId={testId}>
        <ul className="list-disc pl-5">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </Notice>
    </div>
  );
}
