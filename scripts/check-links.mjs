#!/usr/bin/env node
// Checks every relative link in the repository's Markdown (README.md, docs/*.md, the packages'
// READMEs): the target exists inside the repository, and a #fragment names a heading of the target
// (GitHub's anchors). Web links are not fetched (nothing may reach the internet), only counted.
//
//   node scripts/check-links.mjs          exits 1 and lists the broken links
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const files = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, 'packages'))
    .map((p) => `packages/${p}/README.md`)
    .filter((f) => existsSync(join(ROOT, f))),
  '.changeset/README.md',
].filter((f) => existsSync(join(ROOT, f)));

/** Markdown without fenced code blocks and inline code, where links and headings are not links and headings. */
function prose(markdown) {
  return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()#]/g, ' '));
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to hyphens, -1/-2 for repeats. */
export function anchorsOf(markdown) {
  const seen = new Map();
  const anchors = new Set();
  for (const [, text] of markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const problems = [];
let checked = 0;
let web = 0;
for (const file of files) {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const links = [...prose(source).matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|\bhref="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  for (const link of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
      web += 1;
      continue;
    }
    checked += 1;
    const [path, fragment] = link.split('#');
    const target = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(path));
    const inside = relative(ROOT, target);
    if (inside.startsWith('..')) {
      problems.push(`${file}: ${link} points outside the repository`);
      continue;
    }
    if (!existsSync(target)) {
      problems.push(`${file}: ${link}: no such file`);
      continue;
    }
    if (fragment !== undefined && fragment !== '' && !statSync(target).isDirectory() && target.endsWith('.md')) {
      if (!anchorsOf(readFileSync(target, 'utf8')).has(fragment)) problems.push(`${file}: ${link}: no heading #${fragment} in ${inside}`);
    }
  }
}
for (const problem of problems) console.error(`broken link: ${problem}`);
console.log(`${files.length} files, ${checked} relative links checked, ${problems.length} broken; ${web} web links not fetched`);
process.exit(problems.length === 0 ? 0 : 1);
