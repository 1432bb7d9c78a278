/**
 * The agreement summary: a webview with a strict Content Security Policy
 * (no remote anything, one nonce for our script and style). The report goes
 * in as data through postMessage, and every string is put in with
 * textContent, never as HTML.
 */
import * as vscode from 'vscode';
import { webviewPage } from '../shared/webview';
import type { AgreementReport } from '../../core';


export class AgreementPanel {
  private static panel: vscode.WebviewPanel | undefined;
  private static data: unknown;

  static show(report: AgreementReport, mine: string, theirs: string, toReconcile: number, themeNames: Record<string, string> = {}): vscode.WebviewPanel {
    let panel = AgreementPanel.panel;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('cmo.agreement', 'CMO: Agreement', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      panel.onDidDispose(() => (AgreementPanel.panel = undefined));
      panel.webview.onDidReceiveMessage((m: { command?: string }) => {
        if (m.command === 'reconcile') void vscode.commands.executeCommand('cmo.reconcile.focus');
        // The first message can arrive before the page's script runs: it asks again when ready.
        if (m.command === 'ready') void AgreementPanel.panel?.webview.postMessage({ type: 'report', data: AgreementPanel.data });
      });
      AgreementPanel.panel = panel;
      panel.webview.html = html();
    }
    panel.title = `CMO: Agreement with ${theirs}`;
    AgreementPanel.data = { report, mine, theirs, toReconcile, themeNames };
    void panel.webview.postMessage({ type: 'report', data: AgreementPanel.data });
    panel.reveal(vscode.ViewColumn.Beside, true);
    return panel;
  }
}

function html(): string {
  return webviewPage('Agreement', {
    style: `
  table { border-collapse: collapse; margin: 0.5em 0 1.2em; }
  th { font-weight: 600; }
  tr.overall td { font-weight: 600; }
  p.note { color: var(--vscode-descriptionForeground); max-width: 60em; }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 0.4em 1em; cursor: pointer; }`,
    body: `<h2 id="title">Agreement</h2>
<p id="compared"></p>
<h3>By role</h3>
<table id="roles"></table>
<h3>By article</h3>
<table id="articles"></table>
<h3 id="themesTitle">By theme</h3>
<table id="themes"></table>
<p class="note" id="denominators"></p>
<p><button id="reconcile"></button></p>
`,
    script: `(function () {
  const vscode = acquireVsCodeApi();
  const el = (id) => document.getElementById(id);
  const pct = (x) => x === null ? 'n/a' : (x * 100).toFixed(1) + '%';
  const num = (x) => x === null ? 'n/a' : x.toFixed(3);
  const int = (x) => x.toLocaleString('en-US');
  const ROLE = { context: 'Context', resource: 'Mechanism resource', reasoning: 'Mechanism reasoning', outcome: 'Outcome', mechanism: 'Mechanism' };
  const HEAD = ['', '% agree', 'kappa', 'alpha', 'matched', 'only mine', 'only theirs', 'chars mine', 'chars theirs', 'both', 'neither'];
  function fill(table, first, rows, overall) {
    table.replaceChildren();
    const head = table.insertRow();
    HEAD.forEach((h, i) => { const th = document.createElement('th'); th.textContent = i === 0 ? first : h; head.appendChild(th); });
    const add = (name, s, cls) => {
      const tr = table.insertRow();
      if (cls) tr.className = cls;
      [name, pct(s.percent), num(s.kappa), num(s.alpha), String(s.matched), String(s.onlyA), String(s.onlyB), int(s.codedA), int(s.codedB), int(s.codedBoth), int(s.codedNeither)]
        .forEach((v) => { tr.insertCell().textContent = v; });
    };
    rows.forEach(([name, s]) => add(name, s));
    if (overall) add(overall[0], overall[1], 'overall');
  }
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'report') return;
    const { report, mine, theirs, toReconcile, themeNames } = event.data.data;
    const c = report.compared;
    el('title').textContent = 'Agreement: ' + mine + ' and ' + theirs;
    el('compared').textContent = 'Compared ' + c.articles + ' article(s) coded on both sides: ' + int(c.characters) + ' characters; mine has ' + c.codesA + ' code(s), theirs ' + c.codesB + '.'
      + (report.skipped.onlyInA.length ? ' Only mine: ' + report.skipped.onlyInA.join(', ') + '.' : '')
      + (report.skipped.onlyInB.length ? ' Only theirs: ' + report.skipped.onlyInB.join(', ') + '.' : '')
      + (report.skipped.unplacedB ? ' ' + report.skipped.unplacedB + ' of their codes are not in my copy of the text and are left out.' : '');
    fill(el('roles'), 'role', Object.entries(report.roles).map(([r, s]) => [ROLE[r] || r, s]), ['overall (' + c.roles.length + ' roles)', report.overall]);
    fill(el('articles'), 'article', Object.entries(report.articles));
    const themes = Object.entries(report.themes || {}).map(([id, s]) => [themeNames[id] || id, s]);
    el('themesTitle').hidden = themes.length === 0;
    el('themes').hidden = themes.length === 0;
    fill(el('themes'), 'theme', themes);
    const o = report.overall;
    el('denominators').textContent = 'Each role is compared over every character of the compared articles, so overall counts ' + int(c.characters) + ' × ' + c.roles.length + ' = ' + int(o.characters) + ' characters. '
      + pct(o.characters ? o.codedNeither / o.characters : null) + ' of them were coded by neither coder: shared silence raises percent agreement (and kappa less so). '
      + 'Over the text at least one of you coded (' + int(report.codedText.characters) + ' characters, untouched text left out), kappa across roles is ' + num(report.codedText.kappa) + ' (' + pct(report.codedText.percent) + ' given the same roles). '
      + 'Kappa is Cohen\\'s, per character; alpha is Krippendorff\\'s unitized alpha; codes match when the role is the same and the spans overlap by a Jaccard of 0.5 or more.';
    el('reconcile').textContent = toReconcile + ' disagreement(s) to reconcile: open the list';
  });
  el('reconcile').addEventListener('click', () => vscode.postMessage({ command: 'reconcile' }));
  vscode.postMessage({ command: 'ready' });
})();
`,
  });
}
