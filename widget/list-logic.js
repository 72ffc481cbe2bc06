// Pure, DOM-free logic for <spotify-list>; unit-tested with `node --test`.

import { formatRelativeTime, safeHttpUrl } from './snp-logic.js';

export const KINDS = ['recently-played', 'top-tracks', 'top-artists'];
export const MAX_ROWS = 50;

const RANGES = {
  short_term: 'last 4 weeks',
  medium_term: 'last 6 months',
  long_term: 'last year',
};

/**
 * The list an element shows: its `kind` attribute when it is one of KINDS, else the last path
 * segment of its `src` (e.g. /api/spotify/top-tracks), else null.
 */
export function listKind(kindAttr, src) {
  if (KINDS.includes(kindAttr)) return kindAttr;
  if (typeof src !== 'string') return null;
  try {
    const segment = new URL(src, 'http://x/').pathname.split('/').filter(Boolean).pop();
    return KINDS.includes(segment) ? segment : null;
  } catch {
    return null;
  }
}

/** The list's heading, e.g. "Top tracks · last 6 months". */
export function heading(kind, range) {
  const period = RANGES[range];
  switch (kind) {
    case 'recently-played':
      return 'Recently played';
    case 'top-tracks':
      return period ? `Top tracks · ${period}` : 'Top tracks';
    case 'top-artists':
      return period ? `Top artists · ${period}` : 'Top artists';
    default:
      return 'Spotify';
  }
}

function text(value) {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function trackRow(item, now) {
  const artists = Array.isArray(item.artists)
    ? item.artists
        .filter((artist) => artist && text(artist.name))
        .map((artist) => ({ name: artist.name, url: safeHttpUrl(artist.url) }))
    : [];
  const title = text(item.title) ?? (item.type === 'episode' ? 'Untitled episode' : 'Unknown track');
  return {
    primary: title,
    url: safeHttpUrl(item.url),
    artists,
    imageUrl: safeHttpUrl(item.albumImageUrl),
    imageAlt: text(item.album) ? `Cover of ${item.album}` : '',
    meta: text(item.playedAt) ? formatRelativeTime(item.playedAt, now) : null,
  };
}

function artistRow(item) {
  const name = text(item.name) ?? 'Unknown artist';
  return {
    primary: name,
    url: safeHttpUrl(item.url),
    artists: [],
    imageUrl: safeHttpUrl(item.imageUrl),
    imageAlt: `Photo of ${name}`,
    meta: null,
  };
}

/**
 * What the element renders from a list route's JSON: a heading and at most MAX_ROWS rows, each
 * with a primary text, optional link, artists (tracks), image and "played" time. Links and
 * images are kept only when they are http(s) URLs. Throws on a body that is not a list answer.
 */
export function deriveListView(kind, payload, now = Date.now()) {
  if (!payload || typeof payload !== 'object' || !Array.isArray(payload.items)) {
    throw new TypeError('not a list answer');
  }
  const items = payload.items.filter((item) => item && typeof item === 'object').slice(0, MAX_ROWS);
  const rows = items.map((item) => (kind === 'top-artists' ? artistRow(item) : trackRow(item, now)));
  return {
    heading: heading(kind, payload.range),
    rows,
    empty: rows.length === 0,
    emptyText: kind === 'recently-played' ? 'Nothing played yet' : 'Not enough listening yet',
  };
}

/** One line for screen readers, e.g. "Recently played: One More Time, Aerodynamic". */
export function listAnnouncement(view) {
  if (view.empty) return `${view.heading}: ${view.emptyText}`;
  return `${view.heading}: ${view.rows.map((row) => row.primary).join(', ')}`;
}
