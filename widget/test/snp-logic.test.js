import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  announcement,
  applyIdle,
  backoffDelay,
  currentProgress,
  deriveView,
  formatDuration,
  formatRelativeTime,
  nextDelay,
  parseInterval,
  parseCardOptions,
  parseMaxAge,
  parseRetryAfter,
  safeHttpUrl,
  stateLabel,
} from '../snp-logic.js';

const NOW = Date.parse('2026-11-29T10:00:00Z');

function payload(overrides = {}) {
  return {
    isPlaying: true,
    type: 'track',
    title: 'Harder, Better, Faster, Stronger',
    artists: [{ name: 'Daft Punk', url: 'https://open.spotify.com/artist/4tZ' }],
    album: 'Discovery',
    albumImageUrl: 'https://i.scdn.co/image/abc',
    url: 'https://open.spotify.com/track/4iV',
    progressMs: 42000,
    durationMs: 224693,
    playedAt: null,
    source: 'currently-playing',
    fetchedAt: '2026-11-29T10:00:00Z',
    ...overrides,
  };
}

describe('safeHttpUrl', () => {
  it('accepts http and https URLs', () => {
    assert.equal(safeHttpUrl('https://open.spotify.com/track/1'), 'https://open.spotify.com/track/1');
    assert.equal(safeHttpUrl('http://example.com/a'), 'http://example.com/a');
  });

  it('rejects script, data and other schemes, junk and non-strings', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>',
      'vbscript:x', 'ftp://example.com', 'spotify:track:1', 'not a url', '', '   ', null, undefined, 42, {}]) {
      assert.equal(safeHttpUrl(bad), null, String(bad));
    }
  });

  it('resolves relative URLs against a base', () => {
    assert.equal(safeHttpUrl('/api/spotify/now-playing', 'https://site.test/widget/index.html'),
      'https://site.test/api/spotify/now-playing');
    assert.equal(safeHttpUrl('javascript:alert(1)', 'https://site.test/'), null);
  });
});

describe('parseMaxAge', () => {
  it('reads max-age among other directives', () => {
    assert.equal(parseMaxAge('public, max-age=30'), 30);
    assert.equal(parseMaxAge('max-age=0'), 0);
    assert.equal(parseMaxAge('Public, MAX-AGE="45"'), 45);
  });

  it('does not confuse s-maxage and ignores no-store or missing values', () => {
    assert.equal(parseMaxAge('public, s-maxage=60'), null);
    assert.equal(parseMaxAge('no-store, max-age=60'), null);
    assert.equal(parseMaxAge('public'), null);
    assert.equal(parseMaxAge('max-age=abc'), null);
    assert.equal(parseMaxAge(null), null);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Sun, 29 Nov 2026 10:01:30 GMT', NOW), 90_000);
    assert.equal(parseRetryAfter('Sun, 29 Nov 2026 09:00:00 GMT', NOW), 0);
  });

  it('returns null for missing or invalid values', () => {
    assert.equal(parseRetryAfter(null, NOW), null);
    assert.equal(parseRetryAfter('', NOW), null);
    assert.equal(parseRetryAfter('soon', NOW), null);
    assert.equal(parseRetryAfter('-5', NOW), null);
  });
});

describe('parseInterval', () => {
  it('defaults to 15 s when absent or invalid', () => {
    for (const value of [null, undefined, '', 'abc', '0', '-3']) assert.equal(parseInterval(value), 15_000, String(value));
  });

  it('converts seconds and enforces a 5 s floor', () => {
    assert.equal(parseInterval('30'), 30_000);
    assert.equal(parseInterval('1'), 5_000);
  });
});

describe('nextDelay', () => {
  it('uses max(max-age, interval) on success', () => {
    assert.equal(nextDelay({ ok: true, intervalMs: 15_000, maxAgeSeconds: 30 }), 30_000);
    assert.equal(nextDelay({ ok: true, intervalMs: 15_000, maxAgeSeconds: 5 }), 15_000);
    assert.equal(nextDelay({ ok: true, intervalMs: 20_000, maxAgeSeconds: null }), 20_000);
  });

  it('backs off exponentially on errors, capped at 5 minutes', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50].map((failures) => nextDelay({ ok: false, intervalMs: 15_000, failures }));
    assert.deepEqual(delays, [15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  });

  it('starts the backoff from a larger interval and never goes below it', () => {
    assert.equal(backoffDelay(1, 60_000), 60_000);
    assert.equal(backoffDelay(2, 60_000), 120_000);
    assert.equal(backoffDelay(3, 600_000), 600_000);
  });

  it('honours Retry-After instead of the backoff, within [interval, 1 h]', () => {
    assert.equal(nextDelay({ ok: false, intervalMs: 15_000, failures: 1, retryAfterMs: 120_000 }), 120_000);
    assert.equal(nextDelay({ ok: false, intervalMs: 15_000, failures: 5, retryAfterMs: 1_000 }), 15_000);
    assert.equal(nextDelay({ ok: false, intervalMs: 15_000, failures: 1, retryAfterMs: 10 * 3_600_000 }), 3_600_000);
  });
});

describe('formatRelativeTime', () => {
  const ago = (ms) => new Date(NOW - ms).toISOString();

  it('formats recent past times', () => {
    assert.equal(formatRelativeTime(ago(10_000), NOW), 'just now');
    assert.equal(formatRelativeTime(ago(60_000), NOW), '1 min ago');
    assert.equal(formatRelativeTime(ago(5 * 60_000), NOW), '5 min ago');
    assert.equal(formatRelativeTime(ago(59 * 60_000 + 50_000), NOW), '1 hour ago');
    assert.equal(formatRelativeTime(ago(3 * 3_600_000 + 1_000), NOW), '3 hours ago');
    assert.equal(formatRelativeTime(ago(25 * 3_600_000), NOW), 'yesterday');
    assert.equal(formatRelativeTime(ago(4 * 86_400_000), NOW), '4 days ago');
  });

  it('treats future times (clock skew) as just now and invalid input as null', () => {
    assert.equal(formatRelativeTime(new Date(NOW + 60_000).toISOString(), NOW), 'just now');
    assert.equal(formatRelativeTime('yesterday-ish', NOW), null);
    assert.equal(formatRelativeTime(null, NOW), null);
  });
});

describe('formatDuration', () => {
  it('formats m:ss and h:mm:ss', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(42_000), '0:42');
    assert.equal(formatDuration(224_693), '3:44');
    assert.equal(formatDuration(3_725_000), '1:02:05');
  });
});

describe('deriveView', () => {
  it('derives a playing track', () => {
    const view = deriveView(payload());
    assert.equal(view.state, 'playing');
    assert.equal(view.title, 'Harder, Better, Faster, Stronger');
    assert.deepEqual(view.artists, [{ name: 'Daft Punk', url: 'https://open.spotify.com/artist/4tZ' }]);
    assert.equal(view.imageAlt, 'Album art for Discovery by Daft Punk');
    assert.equal(view.url, 'https://open.spotify.com/track/4iV');
    assert.equal(stateLabel(view, NOW), 'Now playing');
  });

  it('derives paused, recent, idle states', () => {
    assert.equal(deriveView(payload({ isPlaying: false })).state, 'paused');

    const recent = deriveView(payload({ isPlaying: false, source: 'recently-played', progressMs: null,
      playedAt: new Date(NOW - 5 * 60_000).toISOString() }));
    assert.equal(recent.state, 'recent');
    assert.equal(stateLabel(recent, NOW), 'Last played 5 min ago');

    const idle = deriveView(payload({ isPlaying: false, type: 'none', title: null, artists: [], album: null,
      albumImageUrl: null, url: null, progressMs: null, durationMs: null }));
    assert.equal(idle.state, 'idle');
    assert.equal(idle.title, 'Not playing');
    assert.equal(stateLabel(idle, NOW), 'Not playing');
  });

  it('keeps the state of a stale answer but flags it', () => {
    const view = deriveView(payload({ source: 'stale' }));
    assert.equal(view.state, 'playing');
    assert.equal(view.stale, true);
    assert.equal(stateLabel(view, NOW), 'Now playing (last known)');
  });

  it('uses fallbacks for ads and unknown items without a title', () => {
    const ad = deriveView(payload({ type: 'ad', title: null, artists: [], album: null, albumImageUrl: null, url: null }));
    assert.equal(ad.state, 'playing');
    assert.equal(ad.title, 'Advertisement');
    assert.equal(stateLabel(ad, NOW), 'Advertisement');
    assert.equal(ad.imageUrl, null);
    assert.equal(ad.imageAlt, '');

    const unknown = deriveView(payload({ type: 'unknown', title: null }));
    assert.equal(unknown.title, 'Unknown item');
    assert.equal(deriveView(payload({ type: 'weird-new-type' })).kind, 'unknown');
  });

  it('describes episode cover art by show name', () => {
    const view = deriveView(payload({ type: 'episode', title: 'Ep. 12', album: 'My Show',
      artists: [{ name: 'My Show', url: 'https://open.spotify.com/show/1' }] }));
    assert.equal(view.imageAlt, 'Cover art for My Show');
  });

  it('drops unsafe and missing URLs (local files, javascript:)', () => {
    const view = deriveView(payload({
      url: 'javascript:alert(1)',
      albumImageUrl: null,
      artists: [{ name: 'Local Artist', url: null }, { name: 'Evil', url: 'javascript:alert(1)' }, { url: 'x' }, null],
    }));
    assert.equal(view.url, null);
    assert.equal(view.imageUrl, null);
    assert.deepEqual(view.artists, [{ name: 'Local Artist', url: null }, { name: 'Evil', url: null }]);
  });

  it('throws on non-object payloads', () => {
    for (const bad of [null, 'x', 3, []]) assert.throws(() => deriveView(bad), TypeError);
  });
});

describe('currentProgress', () => {
  it('advances while playing and clamps at the duration', () => {
    const view = deriveView(payload());
    assert.equal(currentProgress(view, 0), 42_000);
    assert.equal(currentProgress(view, 3_000), 45_000);
    assert.equal(currentProgress(view, 10 * 60_000), 224_693);
  });

  it('does not advance while paused and is null without a duration', () => {
    assert.equal(currentProgress(deriveView(payload({ isPlaying: false })), 5_000), 42_000);
    assert.equal(currentProgress(deriveView(payload({ durationMs: null })), 0), null);
    assert.equal(currentProgress(deriveView(payload({ durationMs: 0 })), 0), null);
  });
});

describe('announcement', () => {
  it('names the item and state but not the progress or relative time', () => {
    const a = announcement(deriveView(payload({ progressMs: 1_000 })));
    const b = announcement(deriveView(payload({ progressMs: 90_000 })));
    assert.equal(a, 'Now playing: Harder, Better, Faster, Stronger by Daft Punk');
    assert.equal(a, b);
    assert.equal(announcement(deriveView(payload({ isPlaying: false }))),
      'Paused: Harder, Better, Faster, Stronger by Daft Punk');
    assert.notEqual(announcement(deriveView(payload({ title: 'One More Time' }))), a);
  });
});

describe('parseCardOptions', () => {
  const attrs = (values) => (name) => (name in values ? values[name] : null);

  it('takes the defaults when no attribute is set', () => {
    assert.deepEqual(parseCardOptions(attrs({})), {
      theme: 'auto', accent: null, background: null, idle: 'last-played', progress: true, invalid: [],
    });
  });

  it('reads every option as the card reads its query parameters', () => {
    assert.deepEqual(
      parseCardOptions(attrs({ theme: 'dark', accent: 'FF00AA', background: 'transparent', idle: 'text', progress: 'false' })),
      { theme: 'dark', accent: '#ff00aa', background: 'transparent', idle: 'text', progress: false, invalid: [] },
    );
    assert.equal(parseCardOptions(attrs({ background: '0d1117' })).background, '#0d1117');
  });

  it('ignores and names invalid values', () => {
    const options = parseCardOptions(
      attrs({ theme: 'neon', accent: '#1db954', background: 'red', idle: 'none', progress: 'yes' }),
    );
    assert.deepEqual(options.invalid, ['theme', 'accent', 'background', 'idle', 'progress']);
    assert.equal(options.theme, 'auto');
    assert.equal(options.accent, null);
    assert.equal(options.progress, true);
  });
});

describe('applyIdle', () => {
  const idlePayload = (over) => ({
    isPlaying: false, type: 'track', title: 'One More Time', artists: [{ name: 'Daft Punk', url: null }],
    album: 'Discovery', albumImageUrl: null, url: 'https://open.spotify.com/track/x', progressMs: 1000,
    durationMs: 320000, playedAt: null, source: 'currently-playing', fetchedAt: '2026-11-29T10:00:00Z', ...over,
  });

  it('shows anything not playing as "Not playing" with idle=text', () => {
    for (const view of [deriveView(idlePayload({})), deriveView(idlePayload({ source: 'recently-played', playedAt: '2026-11-29T09:00:00Z' }))]) {
      const idle = applyIdle(view, 'text');
      assert.equal(idle.state, 'idle');
      assert.equal(idle.title, 'Not playing');
      assert.equal(idle.url, null);
      assert.equal(announcement(idle), 'Not playing');
    }
  });

  it('leaves a playing item and the last-played default alone', () => {
    const playing = deriveView(idlePayload({ isPlaying: true }));
    assert.equal(applyIdle(playing, 'text'), playing);
    const paused = deriveView(idlePayload({}));
    assert.equal(applyIdle(paused, 'last-played'), paused);
  });
});
