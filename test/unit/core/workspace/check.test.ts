import { strict as assert } from 'node:assert';
import { checkSidecarFiles, checkWorkspace, emptySidecar, loadReportData, MemoryFileSystem, renderReport, serializeProject, serializeSidecar, type CheckHost, type Problem } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

const text = corpus();

function workspace(edit: (files: Record<string, string>) => void = () => {}) {
  const c1 = { ...codeOn(text, 'six mechanisms (intention'), id: 'code0001' };
  const c2 = { ...codeOn(text, 'Ninety-three peer-review articles'), id: 'code0002' };
  const files: Record<string, string> = {
    'papers/a.txt': text,
    'papers/a.txt.cmo.json': serializeSidecar({ ...emptySidecar('papers/a.txt', text), codes: [c1, c2] }),
    'cmo-project.json': serializeProject({
      cmo: 1,
      configurations: [{ id: 'conf0001', title: 'One', codes: ['papers/a.txt#code0001', 'papers/a.txt#code0002'] }],
      theories: [{ id: 'theo0001', title: 'T', configurations: ['conf0001'] }],
      programme: { theories: ['theo0001'] },
    }),
  };
  edit(files);
  return new MemoryFileSystem(files);
}
const kinds = (ps: Problem[]) => ps.map((p) => `${p.severity}:${p.kind}`);

describe('checkWorkspace', () => {
  it('finds nothing wrong in a clean workspace', async () => {
    const r = await checkWorkspace(workspace());
    assert.deepEqual(r.problems, []);
    assert.equal(r.sidecars, 1);
    assert.equal(r.codes, 2);
    assert.equal(r.project, true);
  });

  it('reports an orphaned code as a warning at the code, and a moved one as stale anchors', async () => {
    const r = await checkWorkspace(workspace((f) => (f['papers/a.txt'] = 'Preface.\n' + text.replace('Ninety-three peer-review articles informed our programme theory development.', ''))));
    assert.deepEqual(kinds(r.problems), ['info:stale-anchors', 'warning:orphaned-code']);
    const orphan = r.problems.find((p) => p.kind === 'orphaned-code')!;
    assert.equal(orphan.codeId, 'code0002');
    assert.match(orphan.message, /is kept; re-attach/);
    assert.equal(r.orphaned, 1);
  });

  it('reports a missing article as an error and keeps going', async () => {
    const r = await checkWorkspace(workspace((f) => delete f['papers/a.txt']));
    assert.deepEqual(kinds(r.problems), ['error:missing-article']);
  });

  it('reports references to codes that are gone, and to sidecars that are gone', async () => {
    const r = await checkWorkspace(
      workspace((f) => {
        f['cmo-project.json'] = f['cmo-project.json']!.replace('papers/a.txt#code0002', 'papers/a.txt#code9999').replace('"papers/a.txt#code0001"', '"papers/b.txt#code0001"');
      }),
    );
    assert.deepEqual(kinds(r.problems), ['warning:dangling-reference', 'warning:dangling-reference']);
    assert.match(r.problems[0]!.message, /b\.txt has no sidecar/);
    assert.match(r.problems[1]!.message, /code9999/);
  });

  it('warns when a sidecar names another article, and on tags outside the codebook', async () => {
    const r = await checkWorkspace(
      workspace((f) => {
        f['papers/a.txt.cmo.json'] = f['papers/a.txt.cmo.json']!.replace('"source": "a.txt"', '"source": "b.txt"').replace('"coder": "test"', '"tags": ["nosuch"], "coder": "test"');
        f['cmo-project.json'] = f['cmo-project.json']!.replace('"cmo": 1,', '"cmo": 1,\n  "codebook": [{"id": "known", "name": "Known"}],');
      }),
    );
    assert.deepEqual(kinds(r.problems).sort(), ['warning:source-mismatch', 'warning:unknown-theme']);
  });

  it('keeps checking other files when one is broken', async () => {
    const r = await checkWorkspace(workspace((f) => (f['other/b.txt.cmo.json'] = '{ "cmo": 1, ')));
    assert.deepEqual(kinds(r.problems), ['error:invalid-json']);
    assert.equal(r.sidecars, 2);
  });

  it('a dangling reference listed twice in a configuration is reported at each place', async () => {
    const fs = new MemoryFileSystem({ 'cmo-project.json': serializeProject({ cmo: 1, configurations: [{ id: 'k1aaaaaa', title: 'K', codes: ['a.txt#gone0000', 'a.txt#gone1111', 'a.txt#gone0000'] }] }) });
    const lines = (await checkWorkspace(fs)).problems.filter((p) => p.kind === 'dangling-reference').map((p) => p.line);
    assert.equal(lines.length, 3);
    assert.equal(new Set(lines).size, 3, `each at its own line: ${lines.join(', ')}`);
  });

  it('THEORY.md as `cmo report` writes it is up to date for check (codes no configuration cites, a missing article, a folder); a changed statement makes it stale', async () => {
    const fs = workspace((f) => {
      const extra = { ...codeOn(text, 'realist'), id: 'code0003', role: 'outcome' as const };
      f['papers/a.txt.cmo.json'] = f['papers/a.txt.cmo.json']!.replace('"codes": [', `"codes": [${JSON.stringify(extra)}, `);
      f['other/b.txt.cmo.json'] = serializeSidecar({ ...emptySidecar('other/b.txt', text), codes: [{ ...codeOn(text, 'programme theory'), id: 'code0009' }] });
      f['cmo-project.json'] = f['cmo-project.json']!.replace('"papers/a.txt#code0002"', '"papers/a.txt#code0002", "other/b.txt#code0009"');
    });
    const report = async () => (await loadReportData(fs)).data!;
    await fs.writeFile('THEORY.md', new TextEncoder().encode(renderReport(await report())));
    const theory = new TextDecoder().decode(await fs.readFile('THEORY.md'));
    assert.match(theory, /\| 2 \| 4 \|/, 'two articles, four codes');
    assert.match(theory, /a\.txt:\d+\]/, 'a line link where the article was read');
    const r = await checkWorkspace(fs);
    assert.deepEqual(kinds(r.problems), ['error:missing-article'], 'b.txt is missing: nothing about THEORY.md');
    fs.files.set('cmo-project.json', new TextEncoder().encode(new TextDecoder().decode(fs.files.get('cmo-project.json')).replace('"title": "One"', '"title": "One", "statement": "new"')));
    assert.deepEqual(kinds((await checkWorkspace(fs)).problems), ['error:stale-report', 'error:missing-article']);
  });

  it('a host may check the sidecars elsewhere (threads, batches): the same result as here', async () => {
    const fs = workspace((f) => {
      f['other/b.txt'] = `A preface.\n${text}`;
      f['other/b.txt.cmo.json'] = serializeSidecar({ ...emptySidecar('other/b.txt', text), codes: [{ ...codeOn(text, 'programme theory'), id: 'code0009' }] });
      f['zz/c.txt.cmo.json'] = '{ "cmo": 1, ';
    });
    let calls = 0;
    const split: CheckHost = {
      checkSidecars: async (paths, job) => {
        const halves = await Promise.all([paths.slice(0, 1), paths.slice(1)].map((p) => (calls++, checkSidecarFiles(fs, p, structuredClone(job)))));
        return halves.flat();
      },
    };
    const here = await checkWorkspace(fs);
    assert.deepEqual(kinds(here.problems), ['info:stale-anchors', 'error:invalid-json']);
    assert.deepEqual(await checkWorkspace(fs, {}, split), here);
    assert.equal(calls, 2);
  });
});
