/**
 * A generated review on disk for the scale rows of the bench: N articles of
 * ~60 KB made from the corpus article (Masterson et al. 2024, CC BY 4.0;
 * letters shifted per article, so 416 of them differ before they repeat),
 * 500 codes each, a project with theories and configurations that refer to
 * them (a few references dangling), a codebook the codes are tagged from,
 * and a few articles edited since they were coded (moved, fuzzy and orphaned
 * codes); cliScale.ts has `cmo report` write THEORY.md before it times
 * anything. As a reviewer's repository of that size would be, so `cmo check`
 * and `cmo report` meet every kind of problem they report.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createConfiguration, createTheory, emptySidecar, ROLES, selectorFor, serializeProject, serializeSidecar, type Code, type Project } from '../../src/core';
import { bigArticle, editText, shiftLetters } from './fixtures';

export interface GeneratedWorkspace {
  dir: string;
  articles: number;
  codes: number;
  bytes: number;
}

const THEMES = ['engagement', 'trust', 'tailoring', 'capacity', 'alignment', 'power', 'resources', 'timing'];

export function generateWorkspace(dir: string, articles: number, perArticle = 500): GeneratedWorkspace {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'papers'), { recursive: true });
  // Eight different base texts, each article a letter shift of one: distinct text, cheap to make.
  const bases = Array.from({ length: 8 }, (_, i) => bigArticle(60_000, 20 + i));
  const refs: string[] = [];
  let bytes = 0;
  for (let a = 0; a < articles; a++) {
    const name = `a${String(a).padStart(4, '0')}`;
    const coded = shiftLetters(bases[a % bases.length]!, Math.floor(a / bases.length) % 52);
    const codes: Code[] = [];
    for (let i = 0; i < perArticle; i++) {
      const start = (i * 113 + a * 7) % (coded.length - 300);
      codes.push({ id: `c${i.toString(36).padStart(3, '0')}`, role: ROLES[i % 4]!, ...selectorFor(coded, start, start + 80 + (i % 150)), ...(i % 5 === 0 ? { tags: [THEMES[i % THEMES.length]!] } : {}), coder: 'bench', created: '2026-11-24' });
    }
    // One article in 20 was edited after coding: its codes move, a few go fuzzy or orphaned.
    const text = a % 20 === 7 ? editText(coded, 0.03, 30, a) : coded;
    const sidecar = serializeSidecar({ ...emptySidecar(`${name}.txt`, coded), codes });
    writeFileSync(path.join(dir, 'papers', `${name}.txt`), text);
    writeFileSync(path.join(dir, 'papers', `${name}.txt.cmo.json`), sidecar);
    bytes += text.length + sidecar.length;
    refs.push(...codes.filter((_, i) => i % 10 === 0).map((c) => `papers/${name}.txt#${c.id}`));
  }
  // One configuration per 50 references, ten per theory; every 97th reference dangles.
  let project: Project = { cmo: 1, codebook: THEMES.map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1) })) };
  let theory = '';
  for (let k = 0; k * 50 < refs.length; k++) {
    if (k % 10 === 0) {
      const t = createTheory(project, { title: `Theory ${k / 10 + 1}` });
      project = t.project;
      theory = t.id;
    }
    const slice = refs.slice(k * 50, (k + 1) * 50).map((r, i) => ((k * 50 + i) % 97 === 3 ? r.replace(/#c/, '#gone') : r));
    project = createConfiguration(project, { title: `Configuration ${k + 1}`, codes: slice, theory }).project;
  }
  const projectText = serializeProject(project);
  writeFileSync(path.join(dir, 'cmo-project.json'), projectText);
  bytes += projectText.length;
  return { dir, articles, codes: articles * perArticle, bytes };
}
