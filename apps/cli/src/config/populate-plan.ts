import { ACCOUNT_ID_PATTERN, ROLE_NAME_PATTERN } from '@ssokit/protocol/core';
import { IniDocument } from './ini-document.js';

/** One account/role pair to write a profile for. */
export interface PopulateTarget {
  accountId: string;
  accountName?: string | undefined;
  roleName: string;
}

/** What `ssokit populate` should do to a config file. */
export interface PopulateOptions {
  ssoSession: string;
  /** Profile name template; placeholders {accountName} {accountId} {roleName} {ssoSession}. */
  template: string;
  /** Default region to write into each profile (`region =`), if any. */
  region?: string | undefined;
  /** Per-account regions (account id → region), ahead of `region`. */
  regionByAccount?: Readonly<Record<string, string>> | undefined;
  /** Write `credential_process = ssokit credentials ...` instead of the sso_* keys. */
  credentialProcess?: boolean;
  /** The command that runs ssokit, for credential_process. */
  command?: string;
  /** Remove profiles this session's populate wrote earlier that are no longer assigned. */
  prune?: boolean;
}

/** The outcome of planning: the new text and what changed. */
export interface PopulatePlan {
  text: string;
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  /** Profiles that exist but were not written by populate: left alone. */
  conflicts: string[];
  /** Pairs not written: a server value that fails validation, or a name AWS's loader cannot read. */
  skipped: Array<{ target: PopulateTarget; reason: string }>;
}

/** The marker that makes a section populate's own; nothing without it is ever changed. */
export function ownershipMarker(ssoSession: string): string {
  return `# managed by ssokit populate --sso-session ${ssoSession} (edits here are overwritten)`;
}

const MARKER_RE = /^# managed by ssokit populate --sso-session (\S+)/;

/** Why an account/role pair from the portal cannot be written to a config file, or `undefined` if it can. */
export function targetProblem(target: Pick<PopulateTarget, 'accountId' | 'roleName'>): string | undefined {
  if (!ACCOUNT_ID_PATTERN.test(target.accountId)) return 'the account id is not 12 digits';
  if (!ROLE_NAME_PATTERN.test(target.roleName))
    return 'the role name is not 1 to 32 letters, digits or _+=,.@- (the rule AWS applies to permission sets)';
  return undefined;
}

/** The characters AWS's config loader accepts in a profile name; a section named otherwise is silently ignored. */
const PROFILE_NAME_CHAR = /[\w\-@+.%:/]/;
/** A profile name AWS's loader reads: those characters only (and not `__proto__`, which makes it reject the whole file). */
export function isLoadableProfileName(name: string): boolean {
  return /^[\w\-@+.%:/]+$/.test(name) && name !== '__proto__';
}

/**
 * Makes a name one AWS's config loader can read (see `ssokit populate --help`): accents are
 * dropped (`é` → `e`), every run of other characters (spaces, brackets, `&`, `,`, control
 * characters, other scripts) becomes one `-`, or nothing at the start, at the end or next to a `.`.
 *
 * @example
 * ```ts
 * safeProfileName('Acme Corp (Prod).Admin'); // 'Acme-Corp-Prod.Admin'
 * safeProfileName('R&D.Dev');                // 'R-D.Dev'
 * ```
 */
export function safeProfileName(name: string): string {
  const plain = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const unsafeRun = new RegExp(`[^${PROFILE_NAME_CHAR.source.slice(1, -1)}]+`, 'g');
  return plain.replace(unsafeRun, (run: string, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + run.length];
    return before === undefined || after === undefined || before === '.' || after === '.' ? '' : '-';
  });
}

/** Expands a profile-name template and makes the result a name AWS's loader reads ({@link safeProfileName}). */
export function profileNameFor(template: string, target: PopulateTarget, ssoSession: string): string {
  const values: Record<string, string> = {
    accountName: target.accountName || target.accountId,
    accountId: target.accountId,
    roleName: target.roleName,
    ssoSession,
  };
  const name = template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  return safeProfileName(name);
}

/** Plans the new config text; pure (no I/O), so dry runs and real runs agree. */
export function planPopulate(
  configText: string,
  targets: readonly PopulateTarget[],
  options: PopulateOptions,
): PopulatePlan {
  const doc = new IniDocument(configText);
  const plan: PopulatePlan = {
    text: '',
    added: [],
    updated: [],
    unchanged: [],
    removed: [],
    conflicts: [],
    skipped: [],
  };
  const wanted = new Set<string>();
  const ownerOf = (header: string): string | undefined => {
    const section = doc.findAny(header);
    if (!section) return undefined;
    for (const line of doc.bodyLines(section)) {
      const m = MARKER_RE.exec(line.trim());
      if (m) return m[1];
    }
    return '';
  };

  const sorted = [...targets].sort(
    (a, b) =>
      (a.accountName ?? a.accountId).localeCompare(b.accountName ?? b.accountId) ||
      a.roleName.localeCompare(b.roleName),
  );
  for (const target of sorted) {
    const problem = targetProblem(target);
    if (problem) {
      plan.skipped.push({ target, reason: problem });
      continue;
    }
    const name = profileNameFor(options.template, target, options.ssoSession);
    if (!isLoadableProfileName(name)) {
      plan.skipped.push({
        target,
        reason: `the profile name "${name}" is not one AWS's config loader reads`,
      });
      continue;
    }
    if (wanted.has(name)) continue; // two targets expanding to one name: the first wins
    wanted.add(name);
    const header = name === 'default' ? 'default' : `profile ${name}`;
    const body = [ownershipMarker(options.ssoSession)];
    if (options.credentialProcess) {
      const command = options.command ?? 'ssokit';
      body.push(
        `credential_process = ${command} credentials --sso-session ${options.ssoSession} --account-id ${target.accountId} --role-name ${target.roleName}`,
      );
    } else {
      body.push(
        `sso_session = ${options.ssoSession}`,
        `sso_account_id = ${target.accountId}`,
        `sso_role_name = ${target.roleName}`,
      );
    }
    const region = options.regionByAccount?.[target.accountId] ?? options.region;
    if (region) body.push(`region = ${region}`);

    const owner = ownerOf(header);
    const section = doc.find(header);
    if (owner === undefined) {
      doc.upsertSection(header, body);
      plan.added.push(name);
    } else if (owner !== options.ssoSession || !section) {
      plan.conflicts.push(name);
    } else {
      const current = doc.contentLines(section);
      if (current.join('\n') === body.join('\n')) plan.unchanged.push(name);
      else {
        doc.upsertSection(header, body);
        plan.updated.push(name);
      }
    }
  }

  if (options.prune) {
    for (const { loaderHeader } of doc.sections()) {
      if (loaderHeader !== 'default' && !loaderHeader?.startsWith('profile ')) continue;
      const name = loaderHeader === 'default' ? 'default' : loaderHeader.slice('profile '.length);
      if (wanted.has(name) || plan.removed.includes(name)) continue;
      if (ownerOf(loaderHeader) === options.ssoSession) plan.removed.push(name);
    }
    for (const name of plan.removed) doc.removeSection(name === 'default' ? 'default' : `profile ${name}`);
  }
  plan.text = doc.toString();
  return plan;
}
