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
}

/** The marker that makes a section populate's own; nothing without it is ever changed. */
export function ownershipMarker(ssoSession: string): string {
  return `# managed by ssokit populate --sso-session ${ssoSession} (edits here are overwritten)`;
}

const MARKER_RE = /^# managed by ssokit populate --sso-session (\S+)/;

/** Expands a profile-name template and makes the result a valid profile name. */
export function profileNameFor(template: string, target: PopulateTarget, ssoSession: string): string {
  const values: Record<string, string> = {
    accountName: target.accountName || target.accountId,
    accountId: target.accountId,
    roleName: target.roleName,
    ssoSession,
  };
  const name = template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  // whitespace and brackets would break the section header
  return name.trim().replace(/[\s[\]]+/g, '-');
}

/** Plans the new config text; pure (no I/O), so dry runs and real runs agree. */
export function planPopulate(
  configText: string,
  targets: readonly PopulateTarget[],
  options: PopulateOptions,
): PopulatePlan {
  const doc = new IniDocument(configText);
  const plan: PopulatePlan = { text: '', added: [], updated: [], unchanged: [], removed: [], conflicts: [] };
  const wanted = new Set<string>();
  const ownerOf = (header: string): string | undefined => {
    const section = doc.find(header);
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
    const name = profileNameFor(options.template, target, options.ssoSession);
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
    if (options.region) body.push(`region = ${options.region}`);

    const owner = ownerOf(header);
    if (owner === undefined) {
      doc.upsertSection(header, body);
      plan.added.push(name);
    } else if (owner !== options.ssoSession) {
      plan.conflicts.push(name);
    } else {
      const section = doc.find(header)!;
      const current = doc.bodyLines(section).filter((l) => l.trim() !== '');
      if (current.join('\n') === body.join('\n')) plan.unchanged.push(name);
      else {
        doc.upsertSection(header, body);
        plan.updated.push(name);
      }
    }
  }

  if (options.prune) {
    for (const section of doc.sections()) {
      const name = section.header === 'default' ? 'default' : section.header.replace(/^profile /, '');
      if (wanted.has(name)) continue;
      if (ownerOf(section.header) === options.ssoSession) plan.removed.push(name);
    }
    for (const name of plan.removed) doc.removeSection(name === 'default' ? 'default' : `profile ${name}`);
  }
  plan.text = doc.toString();
  return plan;
}
