export const PLACEHOLDER_START_URL: string;
export const PLACEHOLDER_ORIGIN: string;
export interface Block {
  lang: string;
  flags: string[];
  code: string;
  line: number;
  marker: string;
}
export function readmes(): string[];
export function blocksOf(markdown: string): Block[];
export function importsOf(code: string): string[];
export function installedBy(markdown: string): Set<string>;
export function checkReadmeBlocks(options?: { keep?: boolean; log?: (message: string) => void }): Promise<{
  problems: string[];
  ran: number;
  compiled: number;
  seconds: number;
  scratch: string;
}>;
