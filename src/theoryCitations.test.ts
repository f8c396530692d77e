// docs/theory.md is the project's own mathematical reference. This test checks that
//   (1) every "§" citation in the repository resolves to a section of docs/theory.md, and
//   (2) no file of the repository points at the two specification files that lived outside it before
//       docs/theory.md existed (docs/theory.md itself included);
// plus the table of contents of docs/theory.md and the resolver's own rules (so that the checks can fail).
//
// What "resolves" means. A citation is "§", an optional "S" (Part II), and a dotted number: digits with
// single dots between digit groups ("§2.1." is §2.1 followed by a full stop). It may be followed by
//   - " item N" (or " items N"): item N of that section, or
//   - a range "–", "—" or "-" and a second number, with or without its own "§" ("§4.3–4.4", "§4.1–§4.3",
//     "§S1–§S5"); an end without "S" inherits the start's part ("§S2.1–2.3" ends at §S2.3).
// Headings of docs/theory.md define the sections: a Markdown heading (outside fenced code) whose text starts
// with a number ("## 2. Verification…", "### 2.1 Single-draft…", "#### 6.2.1 …", "## S2. Block…",
// "### S7.5 …", optionally written "§2.1") defines that number; "## Appendix A. …" defines §A (cited "§A").
//   - "§x" resolves iff a heading numbered x exists;
//   - "§x item N" resolves iff a heading numbered x.N exists, or section x's own text (up to its next heading)
//     has a top-level ordered-list item "N." at the start of a line;
//   - "§x–y" resolves iff x and y both resolve, lie in the same part (both "S" or neither) and x's heading
//     comes strictly before y's.
// Numbers must be unique among the headings (a duplicate would make a citation ambiguous).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const theoryPath = 'docs/theory.md';

/** Folders (and top-level files) whose citations must resolve. */
const citingRoots = ['src', 'proofs', 'property-tests', 'bench', 'scripts', 'notebooks', 'docs'];
const citingTopLevelFiles = /^[^/]+\.md$/; // README.md and other top-level Markdown files
const binaryExtensions = /\.(png|jpe?g|gif|webp|ico|bin|wasm|pdf|zip|gz|tgz|woff2?|ttf|otf)$/i;

// ---------------------------------------------------------------------------------------------------------
// docs/theory.md: its sections

interface Section {
  /** "2.6", "S3.2", "A" */
  key: string;
  level: number;
  /** Index among headings, in document order. */
  order: number;
  line: number;
  title: string;
  /** Numbers of top-level ordered-list items in the section's own text (up to its next heading). */
  items: Set<number>;
}

const headingPattern = /^(#{1,6})\s+(?:§\s*)?(S?\d+(?:\.\d+)*|Appendix\s+[A-Z])\.?(?=\s|$)(.*)$/;

function parseTheory(text: string): { sections: Map<string, Section>; duplicates: string[]; headings: string[] } {
  const sections = new Map<string, Section>();
  const duplicates: string[] = [];
  const headings: string[] = [];
  let inFence = false;
  let current: Section | undefined;
  let order = 0;
  text.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    const anyHeading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (anyHeading) {
      headings.push(anyHeading[2]!.trim());
      current = undefined;
      const m = headingPattern.exec(line);
      if (!m) return;
      const key = m[2]!.replace(/^Appendix\s+/, '');
      const section: Section = { key, level: m[1]!.length, order: order++, line: index + 1, title: line.trim(), items: new Set() };
      if (sections.has(key)) duplicates.push(key);
      else sections.set(key, section);
      current = section;
      return;
    }
    const item = /^(\d+)\.\s/.exec(line);
    if (item && current) current.items.add(Number(item[1]));
  });
  return { sections, duplicates, headings };
}

// ---------------------------------------------------------------------------------------------------------
// Citations

interface Citation {
  text: string;
  start: string;
  item?: number;
  end?: string;
}

const citationPattern = /§(S?\d+(?:\.\d+)*|[A-Z](?![\p{L}\p{N}]))(?:\s*[–—-]\s*§?(S?\d+(?:\.\d+)*)|\s+items?\s+(\d+))?/gu;

function findCitations(text: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(citationPattern)) {
    const start = m[1]!;
    let end = m[2];
    if (end !== undefined && start.startsWith('S') && !end.startsWith('S')) end = `S${end}`;
    out.push({ text: m[0], start, ...(end !== undefined ? { end } : {}), ...(m[3] !== undefined ? { item: Number(m[3]) } : {}) });
  }
  return out;
}

/** Why the citation does not resolve, or undefined when it does. */
function unresolved(c: Citation, sections: Map<string, Section>): string | undefined {
  const start = sections.get(c.start);
  if (!start) return `no heading §${c.start}`;
  if (c.item !== undefined) {
    if (sections.has(`${c.start}.${c.item}`) || start.items.has(c.item)) return undefined;
    return `§${c.start} has no item ${c.item} (neither a heading §${c.start}.${c.item} nor a list item "${c.item}.")`;
  }
  if (c.end !== undefined) {
    const end = sections.get(c.end);
    if (!end) return `no heading §${c.end}`;
    if (c.start.startsWith('S') !== c.end.startsWith('S')) return 'a range across parts';
    if (!(start.order < end.order)) return `§${c.end} does not come after §${c.start}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Files

/** Repository files: tracked plus untracked-but-not-ignored (git), or a walk when git is unavailable. */
function repositoryFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = out.split('\0').filter((f) => f !== '' && existsSync(join(root, f)));
    if (files.length > 0) return [...new Set(files)].sort();
  } catch {
    // not a git checkout: walk the tree below
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir))) {
      if (name.startsWith('.') || name === 'node_modules' || (dir === '' && (name === 'out' || name === '.device'))) continue;
      const path = dir === '' ? name : `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (!name.endsWith('.log')) files.push(path);
    }
  };
  walk('');
  return files.sort();
}

function readText(path: string): string | undefined {
  if (binaryExtensions.test(path)) return undefined;
  const buffer = readFileSync(join(root, path));
  if (buffer.includes(0)) return undefined;
  return buffer.toString('utf8');
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const files = repositoryFiles();
const theoryText = readFileSync(join(root, theoryPath), 'utf8');
const theory = parseTheory(theoryText);

// ---------------------------------------------------------------------------------------------------------

test('the resolver: numbers, trailing dots, items, ranges, parts (rules stated at the top of this file)', () => {
  const doc = [
    '# Title', '## 2. Two', 'text', '1. first', '2. second', '### 2.1 Two one', '### 2.3 Two three',
    '```', '## 9. inside a fence: not a heading', '```', '## 8. Eight', '### 8.2 Eight two',
    '## S2. Part two', '### S2.2 Part two two', '## Appendix A. Logs',
  ].join('\n');
  const { sections, duplicates } = parseTheory(doc);
  assert.equal(duplicates, []);
  // Fixtures write the section sign as '#' (replaced below) so that the repository scan does not read them.
  const cite = (s: string): Citation[] => findCitations(s.replace(/#/g, '\u00a7'));
  const ok = (s: string): boolean => cite(s).length > 0 && cite(s).every((c) => unresolved(c, sections) === undefined);
  assert.equal(cite('see #2.1.').map((c) => c.start), ['2.1']);
  assert.equal(cite('(#2.)').map((c) => c.start), ['2']);
  assert.ok(ok('#2'), '#2');
  assert.ok(ok('#2.1.'), 'trailing dot');
  assert.ok(ok('#2 item 2'), 'list item of #2');
  assert.ok(ok('#8 item 2'), 'item = subsection 8.2');
  assert.ok(ok('#8.2'));
  assert.ok(ok('#2.1–2.3') && ok('#2.1-2.3') && ok('#2.1–#2.3'), 'ranges');
  assert.ok(ok('#S2–#S2.2') && ok('#S2–2.2'), 'Part II range, end inheriting S');
  assert.ok(ok('#S2.2') && ok('#2, #8.2'));
  assert.not.ok(ok('#2.2'), 'missing subsection');
  assert.not.ok(ok('#9'), 'a heading inside a code fence does not count');
  assert.not.ok(ok('#2 item 4'), 'missing item');
  assert.ok(ok('#2 item 3'), 'item = subsection 2.3');
  assert.ok(ok('#A'), 'appendix');
  assert.not.ok(ok('#8 item 1'), 'missing item (no 8.1, no list item)');
  assert.not.ok(ok('#2.3–2.1'), 'reversed range');
  assert.not.ok(ok('#2–#S2'), 'range across parts');
  assert.not.ok(ok('#S2.1'), 'Part II numbering is separate');
  assert.not.ok(ok('#3'), 'missing section');
  assert.equal(parseTheory('## 2. a\n### 2. b').duplicates, ['2']);
});

test('docs/theory.md: unique section numbers, the reserved Part III headings, a table of contents that links to its headings', () => {
  assert.equal(theory.duplicates, [], 'duplicate section numbers');
  for (const key of ['0.2', '2.6', '4.4', '5.3', '6.2.5', '7.1', '8.2', '8.10', 'S0.2', 'S2.2', 'S7.5', 'S8', '10', '11', '12', 'A']) {
    assert.ok(theory.sections.has(key), `docs/theory.md has no section §${key}`);
  }
  // GitHub's heading anchors: lower case, punctuation other than "-" and "_" removed, spaces to "-".
  const slug = (heading: string): string => heading.replace(/[*`]/g, '').trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
  const anchors = new Set(theory.headings.map(slug));
  const links = [...theoryText.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(links.length >= 20, `expected a table of contents, found ${links.length} anchor links`);
  const broken = links.filter((a) => !anchors.has(a));
  assert.equal(broken, [], 'table-of-contents links without a heading');
});

test('every § citation in the repository resolves to a section of docs/theory.md', () => {
  const inScope = (f: string): boolean => citingRoots.some((r) => f.startsWith(`${r}/`)) || citingTopLevelFiles.test(f);
  const failures: string[] = [];
  let citations = 0;
  let citingFiles = 0;
  for (const file of files.filter(inScope)) {
    const text = readText(file);
    if (text === undefined || !text.includes('§')) continue;
    let found = 0;
    for (const m of text.matchAll(citationPattern)) {
      const c = findCitations(m[0])[0]!;
      found++;
      const why = unresolved(c, theory.sections);
      if (why !== undefined) failures.push(`${file}:${lineOf(text, m.index!)}: "${c.text}" (${why})`);
    }
    citations += found;
    if (found > 0) citingFiles++;
  }
  assert.ok(citations > 100 && citingFiles > 50, `expected the repository's citations, found ${citations} in ${citingFiles} files`);
  assert.equal(failures, [], `${failures.length} citation(s) do not resolve:\n${failures.join('\n')}`);
});

// The names are assembled so that this file does not mention them itself.
const outsideFolder = ['shared', 'spec'].join('/');
const outsideFiles = ['mdsd-spec', 'sequence-verification'].map((n) => `${n}.md`);
const outsideFileMention = new RegExp(`[\\w./-]*(?:${outsideFiles.map((n) => n.replace(/[.-]/g, (c) => `\\${c}`)).join('|')})`, 'g');

/**
 * Mentions of the outside specification in `text` (the content of repository file `file`): any mention of its
 * folder, and any mention of its two file names that is not a path (relative to `file` or to the repository
 * root) of a file of this repository.
 */
function outsideMentions(file: string, text: string, repositoryFileSet: ReadonlySet<string>): string[] {
  const insideRepository = (mention: string): boolean =>
    [resolve(root, dirname(file), mention), resolve(root, mention.replace(/^\/+/, ''))].some((p) => {
      const rel = relative(root, p).split(sep).join('/');
      return !rel.startsWith('..') && repositoryFileSet.has(rel);
    });
  const out: string[] = [];
  for (let i = text.indexOf(outsideFolder); i >= 0; i = text.indexOf(outsideFolder, i + 1)) {
    out.push(`${file}:${lineOf(text, i)}: mentions "${outsideFolder}"`);
  }
  for (const m of text.matchAll(outsideFileMention)) {
    if (m[0].includes(outsideFolder)) continue; // already reported
    if (!insideRepository(m[0])) out.push(`${file}:${lineOf(text, m.index!)}: mentions "${m[0]}" (not a file of this repository)`);
  }
  return out;
}

test('the outside-specification check flags the folder and the file names, but not a file of this repository', () => {
  const repo = new Set(['docs/theory.md', `docs/${outsideFiles[1]}`]);
  assert.equal(outsideMentions('README.md', 'see docs/theory.md', repo), []);
  assert.equal(outsideMentions('README.md', `see ../${outsideFolder}/${outsideFiles[0]} §2`, repo).length, 1);
  assert.equal(outsideMentions('a/b.ts', `spec: \`${outsideFiles[0]}\` §2.1`, repo).length, 1);
  assert.equal(outsideMentions('README.md', `see ${outsideFiles[1]}`, repo).length, 1, 'a bare name is not a path in the repository');
  assert.equal(outsideMentions('README.md', `see docs/${outsideFiles[1]}`, repo), [], 'an in-repository file of that name');
  assert.equal(outsideMentions('docs/x.md', `see ./${outsideFiles[1]}`, repo), [], 'relative to the mentioning file');
  assert.equal(outsideMentions('docs/x.md', `see ../../${outsideFiles[1]}`, repo).length, 1, 'outside the repository');
});

test('no file refers to the specification files that were outside the repository', () => {
  const fileSet = new Set(files);
  assert.ok(fileSet.has(theoryPath), 'docs/theory.md is missing');
  const failures: string[] = [];
  for (const file of files) {
    const text = readText(file);
    if (text !== undefined) failures.push(...outsideMentions(file, text, fileSet));
  }
  assert.equal(failures, [], `${failures.length} mention(s) of the outside specification (cite docs/theory.md instead):\n${failures.join('\n')}`);
});

test.run();
