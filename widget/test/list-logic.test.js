import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveListView, heading, listAnnouncement, listKind, MAX_ROWS } from '../list-logic.js';

const NOW = Date.parse('2026-11-29T10:10:00Z');

const recentlyPlayed = {
  items: [
    {
      type: 'track',
      title: 'One More Time',
      artists: [{ name: 'Daft Punk', url: 'https://open.spotify.com/artist/4tZ' }],
      album: 'Discovery',
      albumImageUrl: 'https://i.scdn.co/image/omt',
      url: 'https://open.spotify.com/track/0Di',
      durationMs: 320357,
      playedAt: '2026-11-29T10:00:00Z',
    },
  ],
  fetchedAt: '2026-11-29T10:10:00Z',
};

describe('listKind', () => {
  it('takes the kind attribute, else the route in src', () => {
    assert.equal(listKind('top-artists', '/api/spotify/recently-played'), 'top-artists');
    assert.equal(listKind(null, 'https://api.example/api/spotify/top-tracks?range=long_term'), 'top-tracks');
    assert.equal(listKind('nonsense', '/api/spotify/recently-played?limit=5'), 'recently-played');
    assert.equal(listKind(null, '/api/spotify/now-playing'), null);
    assert.equal(listKind(null, null), null);
  });
});

describe('heading', () => {
  it('names the list and the period', () => {
    assert.equal(heading('recently-played'), 'Recently played');
    assert.equal(heading('top-tracks', 'medium_term'), 'Top tracks · last 6 months');
    assert.equal(heading('top-artists', 'long_term'), 'Top artists · last year');
    assert.equal(heading('top-artists', 'forever'), 'Top artists');
  });
});

describe('deriveListView', () => {
  it('maps recently played tracks with links, art and when they were played', () => {
    const view = deriveListView('recently-played', recentlyPlayed, NOW);
    assert.equal(view.heading, 'Recently played');
    assert.equal(view.empty, false);
    assert.deepEqual(view.rows[0], {
      primary: 'One More Time',
      url: 'https://open.spotify.com/track/0Di',
      artists: [{ name: 'Daft Punk', url: 'https://open.spotify.com/artist/4tZ' }],
      imageUrl: 'https://i.scdn.co/image/omt',
      imageAlt: 'Cover of Discovery',
      meta: '10 min ago',
    });
  });

  it('maps top artists to their name, link and image', () => {
    const view = deriveListView(
      'top-artists',
      { range: 'short_term', items: [{ name: 'M83', url: 'https://open.spotify.com/artist/63M', imageUrl: null }] },
      NOW,
    );
    assert.equal(view.heading, 'Top artists · last 4 weeks');
    assert.deepEqual(view.rows, [
      { primary: 'M83', url: 'https://open.spotify.com/artist/63M', artists: [], imageUrl: null, imageAlt: 'Photo of M83', meta: null },
    ]);
  });

  it('drops links and images that are not http(s)', () => {
    const view = deriveListView(
      'top-tracks',
      {
        range: 'long_term',
        items: [
          {
            title: 'Evil',
            url: 'javascript:alert(1)',
            albumImageUrl: 'data:image/svg+xml,<svg onload=alert(1)>',
            artists: [{ name: 'X', url: 'javascript:alert(2)' }, { name: '' }, null],
          },
        ],
      },
      NOW,
    );
    assert.equal(view.rows[0].url, null);
    assert.equal(view.rows[0].imageUrl, null);
    assert.deepEqual(view.rows[0].artists, [{ name: 'X', url: null }]);
    assert.equal(view.rows[0].meta, null, 'top tracks carry no play time');
  });

  it('names unknown items and says when a list is empty', () => {
    assert.equal(deriveListView('top-tracks', { items: [{ type: 'track' }] }, NOW).rows[0].primary, 'Unknown track');
    const empty = deriveListView('recently-played', { items: [] }, NOW);
    assert.equal(empty.empty, true);
    assert.equal(listAnnouncement(empty), 'Recently played: Nothing played yet');
  });

  it('keeps at most MAX_ROWS rows', () => {
    const items = Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({ name: `Artist ${i}` }));
    assert.equal(deriveListView('top-artists', { items }, NOW).rows.length, MAX_ROWS);
  });

  it('rejects what is not a list answer', () => {
    for (const body of [null, {}, { items: 'x' }, [], 'text']) {
      assert.throws(() => deriveListView('top-tracks', body, NOW), TypeError);
    }
  });

  it('announces the heading and the titles', () => {
    assert.equal(
      listAnnouncement(deriveListView('recently-played', recentlyPlayed, NOW)),
      'Recently played: One More Time',
    );
  });
});
