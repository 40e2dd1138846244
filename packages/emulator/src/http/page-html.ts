/** Server-rendered pages a person sees. Plain HTML forms: they work without JavaScript. */

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;color:#16191f}
header{background:#232f3e;color:#fff;padding:12px 20px;font-weight:600}
main{max-width:440px;margin:32px auto;padding:24px;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.3rem;margin:0 0 12px}label{display:block;margin:12px 0 4px;font-weight:600}
input[type=text]{width:100%;padding:10px;font-size:1.2rem;letter-spacing:.1em;text-transform:uppercase;border:1px solid #8d99a8;border-radius:4px}
.users label{font-weight:400;display:flex;gap:8px;align-items:center;padding:8px;border:1px solid #d5dbdb;border-radius:4px}
button{margin-top:16px;padding:10px 18px;font-size:1rem;border-radius:20px;border:1px solid #ec7211;background:#ec7211;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#16191f;border-color:#8d99a8}
.row{display:flex;gap:12px;flex-wrap:wrap}.muted{color:#5f6b7a;font-size:.9rem}code{background:#f2f3f3;padding:2px 4px;border-radius:3px}
.ok{color:#037f0c}.bad{color:#d91515}ul{padding-left:20px}
@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none}}
`;

/** Wraps page content in the shared layout. */
export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} · ssokit emulator</title><style>${CSS}</style></head><body><header>ssokit IAM Identity Center emulator</header><main>${body}</main></body></html>`;
}

const hidden = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');

/** Step 1 of the device flow: enter (or confirm) the user code. */
export function verificationPage(prefill: string, error?: string): string {
  return layout(
    'Authorize request',
    `<h1>Authorize request</h1>
<p>Enter the code shown by the application that asked to sign in.</p>
${error ? `<p class="bad" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/device"><label for="user_code">Code</label>
<input type="text" id="user_code" name="user_code" value="${esc(prefill)}" autocomplete="off" autofocus maxlength="20" placeholder="XXXX-XXXX">
<button type="submit" id="next">Next</button></form>`,
  );
}

/** Sign in as one of the directory's users. */
export function signInPage(
  action: string,
  fields: Record<string, string>,
  users: ReadonlyArray<{ userName: string; displayName?: string | undefined; email?: string | undefined }>,
): string {
  const options = users
    .map(
      (u, i) =>
        `<label><input type="radio" name="user" value="${esc(u.userName)}"${i === 0 ? ' checked' : ''}> <span><strong>${esc(u.displayName ?? u.userName)}</strong> <span class="muted">${esc(u.email ?? u.userName)}</span></span></label>`,
    )
    .join('');
  return layout(
    'Sign in',
    `<h1>Sign in</h1><p class="muted">Choose who you are in this directory.</p>
<form method="post" action="${esc(action)}">${hidden(fields)}<div class="users">${options}</div>
<button type="submit" id="sign-in">Sign in</button></form>`,
  );
}

/** Consent: name the client and scopes, Allow or Deny. */
export function consentPage(
  action: string,
  fields: Record<string, string>,
  clientName: string,
  scopes: string[],
): string {
  const list =
    scopes.length > 0
      ? `<ul>${scopes.map((s) => `<li><code>${esc(s)}</code></li>`).join('')}</ul>`
      : '<p class="muted">No extra scopes.</p>';
  return layout(
    'Allow access?',
    `<h1>Allow <span id="client-name">${esc(clientName)}</span> to access your data?</h1>
<p>Signed in as <strong>${esc(fields.user ?? '')}</strong>. The application asks for:</p>${list}
<form method="post" action="${esc(action)}">${hidden(fields)}<div class="row">
<button type="submit" name="decision" value="allow" id="allow">Allow access</button>
<button type="submit" name="decision" value="deny" id="deny" class="secondary">Deny</button></div></form>`,
  );
}

/** A final page: approved, denied, expired, or an error. */
export function resultPage(kind: 'approved' | 'denied' | 'expired' | 'error', message?: string): string {
  const titles = {
    approved: ['Request approved', 'ok', 'You can close this window and return to the application.'],
    denied: ['Request denied', 'bad', 'The application was not given access.'],
    expired: [
      'Code expired or invalid',
      'bad',
      'Start the sign-in again from the application to get a new code.',
    ],
    error: ['Something is wrong with this request', 'bad', ''],
  } as const;
  const [title, cls, text] = titles[kind];
  return layout(
    title,
    `<h1 class="${cls}" id="result" data-result="${kind}">${esc(title)}</h1><p>${esc(message ?? text)}</p>`,
  );
}

/** The start URL's page (what the access portal would show). */
export function startPage(origin: string): string {
  return layout(
    'AWS access portal',
    `<h1>AWS access portal (emulated)</h1><p>This is the start URL of a local IAM Identity Center emulator at <code>${esc(origin)}</code>. Sign in from a tool with this start URL.</p>`,
  );
}

/** The emulated AWS console a sign-in URL lands on: who it was opened for, and where. */
export function consolePage(p: {
  accountId: string;
  accountName: string | undefined;
  roleName: string;
  user: string;
  region: string;
  destination: string;
}): string {
  const row = (id: string, label: string, value: string) =>
    `<dt>${esc(label)}</dt><dd id="${id}">${esc(value)}</dd>`;
  return layout(
    'AWS Management Console',
    `<h1>AWS Management Console (emulated)</h1>
<p class="muted">Signed in through sign-in federation. Nothing here talks to AWS.</p>
<dl>${row('console-account', 'Account', p.accountId)}${p.accountName === undefined ? '' : row('console-account-name', 'Account name', p.accountName)}${row('console-role', 'Role', p.roleName)}${row('console-user', 'User', p.user)}${row('console-region', 'Region', p.region)}${row('console-destination', 'Page', p.destination)}</dl>`,
  );
}
