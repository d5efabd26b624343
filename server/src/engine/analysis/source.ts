// The source label of a document: an outlet the text states (front matter,
// a "Source:" line, a "Support X!" banner), else its title, else the file name.

export interface SourceInfo {
  source: string;
  title: string;
  date?: string;
  url?: string;
}

export function sourceLabel(meta: Record<string, string>, title: string | undefined, path: string): SourceInfo {
  const fileName = path.split(/[\\/]/).pop() ?? path;
  const outlet = meta.source ?? meta.publisher ?? meta.outlet;
  const t = meta.title ?? title ?? fileName;
  return {
    source: (outlet ?? t).trim(),
    title: t.trim(),
    date: meta.date ?? meta.published,
    url: meta.url ?? meta.link,
  };
}
