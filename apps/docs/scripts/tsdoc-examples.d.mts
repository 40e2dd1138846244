// Types of tsdoc-examples.mjs for the tests that import it.
export interface ExampleBlock {
  lang: string;
  flags: string[];
  code: string;
  /** 1-based line of the opening fence in the source file. */
  line: number;
  /** Characters before the code on each line of the source (the ` * ` of the comment). */
  indent: number;
}
/** The published packages, lowest layer first. */
export const LAYERS: readonly string[];
export const CONTEXT: Record<string, Record<string, string>>;
export function extractExamples(source: string): ExampleBlock[];
export function showsNothing(code: string): boolean;
export function writeTsdocExamples(options: {
  root: string;
  out: string;
  write: (name: string, text: string) => void;
}): {
  files: string[];
  origin: Map<string, { where: string; offset: number; indent: number }>;
  skipped: number;
  empty: string[];
};
