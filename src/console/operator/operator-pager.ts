/** Previous / next links of a paged list, keeping the page's other query parameters. */
export interface Pager {
  readonly page: number;
  readonly previous?: string;
  readonly next?: string;
}

export function pager(path: string, params: Readonly<Record<string, string>>, page: number, more: boolean): Pager {
  const href = (n: number): string => {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
    if (n > 1) query.set('page', String(n));
    const text = query.toString();
    return text === '' ? path : `${path}?${text}`;
  };
  return { page, ...(page > 1 ? { previous: href(page - 1) } : {}), ...(more ? { next: href(page + 1) } : {}) };
}
