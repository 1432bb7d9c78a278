/**
 * The coded passages as sheets: CSV (one row per passage, RFC 4180, for a
 * spreadsheet or a script) and Markdown (one table per article).
 */
import { ROLE_INFO } from '../model/roles';
import { appraisalFields, appraisalOf, describeAppraisal } from '../theory/evidence';
import type { ExportData } from './exportData';

import { csvField } from '../text/csv';

export { csvField };

/** The columns; relevance, rigour, cites and configuration ids came last (additive: scripts that read by position still work). */
export const CSV_COLUMNS = ['article', 'section', 'line', 'page', 'role', 'themes', 'configurations', 'theories', 'memo', 'coder', 'created', 'quote', 'id', 'relevance', 'rigour', 'cites', 'configuration ids'] as const;

/**
 * A quote on one line, for a sheet: the tabs and line breaks a PDF's text
 * carries (and the spaces around them) become one space. The sidecar keeps
 * the exact quote.
 */
export function oneLine(quote: string): string {
  return quote.replace(/[ \u00a0]*[\t\r\n\f\v][\s]*/g, ' ');
}

export function toCsv(data: ExportData, options: { bom?: boolean } = {}): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  const fields = appraisalFields(data.project);
  for (const a of data.articles) {
    const appraisal = appraisalOf(data.project, a.path, fields);
    for (const c of a.codes) {
      rows.push([
        a.path,
        c.code.section ?? '',
        c.line === undefined ? 'orphaned' : String(c.line),
        c.page === undefined ? '' : String(c.page),
        ROLE_INFO[c.code.role].label,
        c.themes.join('; '),
        c.configurations.join('; '),
        c.theories.join('; '),
        c.code.note ?? '',
        c.code.coder ?? '',
        c.code.created ?? '',
        oneLine(c.code.exact),
        c.code.id,
        appraisal.relevance ?? '',
        appraisal.rigour ?? '',
        (c.code.cites ?? []).join('; '),
        c.configurationIds.join('; '),
      ]);
    }
  }
  return (options.bom ? '\ufeff' : '') + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A Markdown table cell: pipes and backslashes escaped, line breaks as spaces, angle brackets as entities. */
export function mdCell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** Markdown: the same sheet, one table per article. */
export function toMarkdown(data: ExportData): string {
  const out: string[] = ['# Coded passages', '', `${data.articles.reduce((n, a) => n + a.codes.length, 0)} passages in ${data.articles.length} article(s).`, ''];
  const fields = appraisalFields(data.project);
  for (const a of data.articles) {
    // A PDF's twin: the page beside the line.
    const paged = a.codes.some((c) => c.page !== undefined);
    const appraisal = describeAppraisal(appraisalOf(data.project, a.path, fields));
    out.push(`## ${mdCell(a.path)}`, '', ...(appraisal ? [`Appraisal: ${mdCell(appraisal)}.`, ''] : []), `| line |${paged ? ' page |' : ''} role | quote | themes | configurations | memo | coder |`, `|---:|${paged ? '---:|' : ''}---|---|---|---|---|---|`);
    for (const c of a.codes) {
      out.push(`| ${c.line ?? 'orphaned'} |${paged ? ` ${c.page ?? ''} |` : ''} ${ROLE_INFO[c.code.role].letter} ${ROLE_INFO[c.code.role].label} | “${mdCell(oneLine(c.code.exact))}” | ${mdCell(c.themes.join('; '))} | ${mdCell(c.configurations.join('; '))} | ${mdCell(c.code.note ?? '')} | ${mdCell(c.code.coder ?? '')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
