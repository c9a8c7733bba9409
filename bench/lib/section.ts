import type { Row } from './report';

export interface SectionContext {
  /** A temp folder for this run of the bench; removed at the end. */
  tmpDir: string;
  log(message: string): void;
}

export interface Section {
  name: string;
  title: string;
  /** What the section usually takes on the 2-core reference machine; a run that could not fit it in the time left skips it. */
  typicalMs: number;
  /**
   * Long by design (the long session): runs after the other sections and is not held to
   * the 10-minute budget, which covers the others.
   */
  outsideBudget?: boolean;
  run(context: SectionContext): Promise<Row[]>;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
