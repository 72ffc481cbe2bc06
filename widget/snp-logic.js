// Pure, DOM-free logic for <spotify-now-playing>; unit-tested with `node --test`.

export const DEFAULT_INTERVAL_MS = 15_000;
export const MIN_INTERVAL_MS = 5_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Returns the absolute URL if it is http(s), otherwise null (rejects javascript:, data:, etc.). */
export function safeHttpUrl(value, base) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = base === undefined ? new URL(value) : new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Seconds from `Cache-Control: max-age=N`, or null when absent/invalid or caching is forbidden. */
export function parseMaxAge(cacheControl) {
  if (typeof cacheControl !== 'string') return null;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store')) return null;
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match) return Number(match[1]);
  }
  return null;
}

/** Milliseconds to wait from a Retry-After header (delta-seconds or HTTP-date), or null. */
export function parseRetryAfter(value, now = Date.now()) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  // An HTTP-date always names the day/month; without this, Date.parse('-5') yields a year.
  if (!/[a-z]/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const HEX_COLOUR = /^[0-9a-f]{6}$/i;

/**
 * The card options as attributes, read like the server reads `?format=svg` query parameters:
 * theme=light|dark|auto, accent and background as 6 hex digits without # (background also
 * `transparent`), idle=last-played|text, progress=true|false. A missing or invalid value takes the
 * default; `invalid` names the attributes that were ignored.
 */
export function parseCardOptions(attr) {
  const get = (name) => {
    const value = attr(name);
    return value === null || value === undefined ? null : String(value).trim();
  };
  const invalid = [];
  const pick = (name, valid, fallback) => {
    const value = get(name);
    if (value === null) return fallback;
    if (valid(value)) return value;
    invalid.push(name);
    return fallback;
  };
  const theme = pick('theme', (v) => ['light', 'dark', 'auto'].includes(v), 'auto');
  const accent = pick('accent', (v) => HEX_COLOUR.test(v), null);
  const background = pick('background', (v) => v === 'transparent' || HEX_COLOUR.test(v), null);
  const idle = pick('idle', (v) => v === 'last-played' || v === 'text', 'last-played');
  const progress = pick('progress', (v) => v === 'true' || v === 'false', 'true') === 'true';
  return {
    theme,
    accent: accent === null ? null : `#${accent.toLowerCase()}`,
    background: background === null || background === 'transparent' ? background : `#${background.toLowerCase()}`,
    idle,
    progress,
    invalid,
  };
}

/** With idle=text, anything not playing shows as "Not playing", like the SVG card. */
export function applyIdle(view, idle) {
  if (idle !== 'text' || view.state === 'playing') return view;
  return {
    ...view,
    state: 'idle',
    kind: 'none',
    title: FALLBACK_TITLES.none,
    artists: [],
    album: null,
    imageUrl: null,
    imageAlt: '',
    url: null,
    isPlaying: false,
    progressMs: null,
    playedAt: null,
  };
}

/** The `interval` attribute (seconds) as milliseconds, never below MIN_INTERVAL_MS. */
export function parseInterval(attr) {
  if (attr === null || attr === undefined || String(attr).trim() === '') return DEFAULT_INTERVAL_MS;
  const seconds = Number(attr);
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_INTERVAL_MS;
  return Math.max(MIN_INTERVAL_MS, Math.round(seconds * SECOND));
}

/** Exponential backoff: interval, 2×, 4×, … capped at MAX_BACKOFF_MS (or the interval if larger). */
export function backoffDelay(failures, intervalMs = DEFAULT_INTERVAL_MS) {
  const cap = Math.max(MAX_BACKOFF_MS, intervalMs);
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(cap, intervalMs * 2 ** exponent);
}

/**
 * Delay before the next poll.
 * ok: max(Cache-Control max-age, interval). error: Retry-After when given (at least the interval,
 * at most an hour), otherwise exponential backoff on the number of consecutive failures.
 */
export function nextDelay({ ok, intervalMs = DEFAULT_INTERVAL_MS, maxAgeSeconds = null, failures = 0, retryAfterMs = null }) {
  if (ok) return Math.max(intervalMs, (maxAgeSeconds ?? 0) * SECOND);
  if (retryAfterMs !== null && retryAfterMs !== undefined) {
    return Math.min(MAX_RETRY_AFTER_MS, Math.max(intervalMs, retryAfterMs));
  }
  return backoffDelay(Math.max(1, failures), intervalMs);
}

/** "just now", "5 min ago", "3 hours ago", "yesterday", "4 days ago". */
export function formatRelativeTime(iso, now = Date.now()) {
  const then = typeof iso === 'string' ? Date.parse(iso) : NaN;
  if (Number.isNaN(then)) return null;
  const diff = now - then;
  if (diff < 45 * SECOND) return 'just now';
  if (diff < HOUR) {
    const minutes = Math.max(1, Math.round(diff / MINUTE));
    return minutes >= 60 ? '1 hour ago' : `${minutes} min ago`;
  }
  if (diff < DAY) {
    const hours = Math.floor(diff / HOUR);
    return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  }
  const days = Math.floor(diff / DAY);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** "m:ss", or "h:mm:ss" for an hour or more (podcast episodes). */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor((Number(ms) || 0) / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Progress advanced locally by `elapsedMs` while playing, clamped to [0, durationMs]. */
export function currentProgress(view, elapsedMs) {
  if (!view || !(view.durationMs > 0) || typeof view.progressMs !== 'number') return null;
  const advanced = view.progressMs + (view.isPlaying ? Math.max(0, elapsedMs) : 0);
  return Math.min(view.durationMs, Math.max(0, advanced));
}

function text(value) {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function finiteOrNull(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const FALLBACK_TITLES = {
  track: 'Unknown track',
  episode: 'Untitled episode',
  ad: 'Advertisement',
  unknown: 'Unknown item',
  none: 'Not playing',
};

export function joinNames(artists) {
  return artists.map((a) => a.name).join(', ');
}

/**
 * Normalises an API payload into what the widget shows.
 * state: playing | paused | recent | idle. Throws on a payload that is not an object.
 */
export function deriveView(payload) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new TypeError('Invalid now-playing payload');
  }
  const kind = ['track', 'episode', 'ad', 'unknown', 'none'].includes(payload.type) ? payload.type : 'unknown';
  const source = payload.source;
  const isPlaying = payload.isPlaying === true && kind !== 'none';

  let state;
  if (kind === 'none') state = 'idle';
  else if (source === 'recently-played') state = 'recent';
  else state = isPlaying ? 'playing' : 'paused';

  const artists = kind === 'none' || !Array.isArray(payload.artists)
    ? []
    : payload.artists
      .filter((a) => a && text(a.name))
      .map((a) => ({ name: a.name, url: safeHttpUrl(a.url) }));

  const title = kind === 'none' ? FALLBACK_TITLES.none : text(payload.title) ?? FALLBACK_TITLES[kind];
  const album = kind === 'none' ? null : text(payload.album);
  const imageUrl = kind === 'none' ? null : safeHttpUrl(payload.albumImageUrl);
  const durationMs = finiteOrNull(payload.durationMs);

  let imageAlt = '';
  if (imageUrl) {
    const subject = album ?? title;
    const by = artists.length && kind !== 'episode' ? ` by ${joinNames(artists)}` : '';
    imageAlt = kind === 'episode' ? `Cover art for ${subject}` : `Album art for ${subject}${by}`;
  }

  return {
    state,
    kind,
    title,
    artists,
    album,
    imageUrl,
    imageAlt,
    url: kind === 'none' ? null : safeHttpUrl(payload.url),
    isPlaying: state === 'playing',
    progressMs: finiteOrNull(payload.progressMs),
    durationMs: durationMs !== null && durationMs > 0 ? durationMs : null,
    playedAt: text(payload.playedAt),
    stale: source === 'stale',
  };
}

/** The short status line ("Now playing", "Paused", "Last played 5 min ago", …). */
export function stateLabel(view, now = Date.now()) {
  let label;
  if (view.state === 'idle') label = 'Not playing';
  else if (view.state === 'recent') {
    const ago = formatRelativeTime(view.playedAt, now);
    label = ago ? `Last played ${ago}` : 'Last played';
  } else if (view.kind === 'ad') label = view.state === 'paused' ? 'Advertisement (paused)' : 'Advertisement';
  else label = view.state === 'playing' ? 'Now playing' : 'Paused';
  return view.stale ? `${label} (last known)` : label;
}

/** Text for the polite live region; changes only when the item or play state changes. */
export function announcement(view) {
  if (view.state === 'idle') return 'Not playing';
  const by = view.artists.length ? ` by ${joinNames(view.artists)}` : '';
  const prefix = { playing: 'Now playing', paused: 'Paused', recent: 'Last played' }[view.state];
  if (view.kind === 'ad' && view.title === FALLBACK_TITLES.ad) return `${prefix}: advertisement`;
  return `${prefix}: ${view.title}${by}`;
}
