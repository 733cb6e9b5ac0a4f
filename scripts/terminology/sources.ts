// Reads the provenance table of shared/data/SOURCES.md (one Markdown table row per local file) so
// that every generated `<name>.SOURCE.md` names the exact repository, path, commit and licence.

export interface SourceEntry {
  /** Path under shared/data, e.g. `guatemala_geo/catalogo_municipios.csv`. */
  readonly localFile: string;
  readonly repository: string;
  readonly path: string;
  readonly commit: string;
  /** The licence column, verbatim. */
  readonly licence: string;
}

export function parseSources(markdown: string): Map<string, SourceEntry> {
  const entries = new Map<string, SourceEntry>();
  for (const line of markdown.split(/\r?\n/)) {
    if (!line.startsWith('| ')) continue;
    const cells = line.split(' | ').map((cell) => cell.replace(/^\|\s*/, '').replace(/\s*\|$/, '').trim());
    const [localFile, repository, path, commit, licence] = cells;
    if (localFile === undefined || repository === undefined || path === undefined || commit === undefined || licence === undefined) {
      continue;
    }
    if (localFile === 'local file' || /^-+$/.test(localFile)) continue;
    entries.set(localFile, { localFile, repository, path, commit, licence });
  }
  return entries;
}

export function requireSource(sources: Map<string, SourceEntry>, localFile: string): SourceEntry {
  const entry = sources.get(localFile);
  if (entry === undefined) throw new Error(`SOURCES.md has no row for ${localFile}`);
  return entry;
}
