export interface ApiRow {
  name: string;
  kind: string;
  summary: string;
}
export interface ApiEntry {
  subpath: string;
  source: string;
  id: string;
  rows: ApiRow[];
  about: string;
}
export interface Library {
  name: string;
  dir: string;
  entries: Array<{ subpath: string; source: string }>;
}
export const START: string;
export const END: string;
export function publishedLibraries(): Library[];
export function describeEntries(libraries?: Library[]): Map<string, ApiEntry[]>;
export function row(r: ApiRow): string;
export function renderApi(entries: ApiEntry[]): string;
export function checkReadme(lib: Library, entries: ApiEntry[], text: string): string[];
