import { useState } from 'react';

/**
 * A text field whose value is parsed before it reaches the request (a number, an expected JSON
 * value): the user's text stays as typed while it does not parse, with the reason under it.
 * `commit` applies the text and answers the problem, or null. Remount it (key) to show a new value.
 */
export function DraftField({ label, initial, commit, className = 'input mono', placeholder }: { label: string; initial: string; commit: (text: string) => string | null; className?: string; placeholder?: string }) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <span className="draft-field">
      <input
        type="text"
        className={problem ? `${className} invalid` : className}
        aria-label={label}
        aria-invalid={problem !== null}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(commit(e.target.value));
        }}
      />
      {problem ? <span className="check-problem">{problem}</span> : null}
    </span>
  );
}
