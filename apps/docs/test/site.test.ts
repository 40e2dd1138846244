// The built documentation site (apps/docs/dist, made by the `docs` task that turbo runs first), served
// on loopback and opened in Debian's Chromium: the home page, a guide and an API page render, every
// internal link of every page resolves, and the search box finds `fromSso`. Screenshots go to
// test-output/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserTestGate, chromiumLaunchOptions, saveScreenshot } from '@ssokit/emulator/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../scripts/tsdoc-examples.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const shots = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));
const gate = browserTestGate();
if (!gate.run) console.warn(gate.reason);
const haveBrowser = gate.run;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** A static server for dist/ on 127.0.0.1: 200 with the file, 404 when there is none. */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** href/src values of a page (attributes only; the theme writes plain double-quoted attributes). */
function linksOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

let base: string;
let server: Server;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(
      'apps/docs/dist/index.html is missing: build the site first (`pnpm run docs` in apps/docs)',
    );
  }
  ({ url: base, server } = await serve(dist));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('the built site', () => {
  it('resolves every internal link of every page (crawled from the home page)', async () => {
    const queue = [`${base}/index.html`];
    const seen = new Set(queue);
    const pages = new Map<string, string>();
    const broken: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift()!;
      const res = await fetch(url);
      if (res.status !== 200) {
        broken.push(`${url} → ${res.status}`);
        continue;
      }
      if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) {
        await res.arrayBuffer();
        continue;
      }
      const html = await res.text();
      pages.set(url, html);
      for (const href of linksOf(html)) {
        if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href) && !href.startsWith(base)) continue; // external, mailto:, data:
        const target = new URL(href, url);
        target.hash = '';
        target.search = '';
        if (!seen.has(target.href)) {
          seen.add(target.href);
          queue.push(target.href);
        }
      }
    }
    expect(broken).toEqual([]);
    // Same-page and cross-page anchors point at an element that exists.
    const missingAnchors: string[] = [];
    for (const [url, html] of pages) {
      for (const href of linksOf(html)) {
        if (!href.includes('#') || /^[a-z]+:/i.test(href)) continue;
        const target = new URL(href, url);
        const id = decodeURIComponent(target.hash.slice(1));
        target.hash = '';
        const targetHtml = pages.get(target.href);
        if (!id || !targetHtml) continue;
        if (!targetHtml.includes(`id="${id}"`) && !targetHtml.includes(`name="${id}"`))
          missingAnchors.push(`${href} on ${url.slice(base.length)}`);
      }
    }
    expect(missingAnchors).toEqual([]);
    // The crawl reached the guides, every package page and the API pages.
    const paths = [...pages.keys()].map((u) => u.slice(base.length));
    expect(paths.filter((p) => p.startsWith('/documents/')).length).toBeGreaterThanOrEqual(16);
    expect(paths.filter((p) => p.startsWith('/modules/')).length).toBeGreaterThanOrEqual(7);
    expect(paths.some((p) => /fromSso\.html$/.test(p))).toBe(true);
    // The design notes keep the anchors that comments across the packages link to.
    const design = [...pages].find(([u]) => /\/documents\/[^/]*Design_notes\.html$/.test(u))?.[1];
    expect(design, 'the Design notes guide is in the site').toBeDefined();
    for (const id of [
      'wire-protocol',
      'endpoints',
      'flows',
      'shared-configuration',
      'cache-files',
      'refresh-timing',
      'retries',
      'secrets',
    ])
      expect(design).toContain(`id="${id}"`);
  });
});

describe.skipIf(!haveBrowser)('the site in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch(chromiumLaunchOptions());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.url()}: ${r.status()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the home page with the guides and every package in the navigation', async () => {
    await page.goto(`${base}/index.html`);
    // The project name once, as typedoc's page title; home.md starts with the introduction.
    await expect(page.locator('h1').allTextContents()).resolves.toEqual(['ssokit']);
    await expect(page.locator('.tsd-panel.tsd-typography p').first().textContent()).resolves.toMatch(
      /^Sign in to AWS IAM Identity Center/,
    );
    // The sidebar is built by the theme's script from the navigation data it loads.
    const nav = page.locator('.site-menu nav');
    await nav.getByText('Guides', { exact: true }).first().waitFor({ state: 'attached' });
    for (const pkg of LAYERS) {
      await expect(nav.getByText(`@ssokit/${pkg}`, { exact: true }).count()).resolves.toBeGreaterThan(0);
    }
    await saveScreenshot(page, join(shots, 'home.png'), { fullPage: true });
    expect(errors).toEqual([]);
  });

  it('renders a guide, reached by its link, with highlighted code', async () => {
    await page.goto(`${base}/index.html`);
    await page.locator('.tsd-typography a', { hasText: 'Getting started' }).first().click();
    await page.waitForURL(/documents\/.+\.html$/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Getting started');
    const code = page.locator('pre code').filter({ hasText: 'fromSso' });
    await expect(code.count()).resolves.toBeGreaterThan(0);
    await expect(code.first().locator('span').count()).resolves.toBeGreaterThan(3); // highlighted, not plain text
    await saveScreenshot(page, join(shots, 'guide-getting-started.png'), { fullPage: true });
    expect(errors).toEqual([]);
  });

  it('finds fromSso with the search box and opens its API page', async () => {
    await page.goto(`${base}/index.html`);
    await page.locator('#tsd-search-trigger').click();
    const input = page.locator('#tsd-search-input');
    await input.waitFor({ state: 'visible' });
    await input.fill('fromSso');
    // The index loads asynchronously; results appear once it has.
    const hit = page.locator('#tsd-search-results li a', { hasText: 'fromSso' }).first();
    await hit.waitFor({ timeout: 20_000 });
    await saveScreenshot(page, join(shots, 'search-fromSso.png'));
    await hit.click();
    await page.waitForURL(/fromSso\.html/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('fromSso');
    await expect(page.locator('.tsd-signature').first().textContent()).resolves.toContain('FromSsoOptions');
    await saveScreenshot(page, join(shots, 'api-fromSso.png'), { fullPage: true });
    expect(errors).toEqual([]);
  });

  it('searches the guides too', async () => {
    await page.goto(`${base}/index.html`);
    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('Troubleshooting');
    const hit = page.locator('#tsd-search-results li a', { hasText: 'Troubleshooting' }).first();
    await hit.waitFor({ timeout: 20_000 });
    await hit.click();
    await page.waitForURL(/documents\/.+\.html/);
    await expect(page.getByText('ERR_SSOKIT_LOGIN_REQUIRED').count()).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
