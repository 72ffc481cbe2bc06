// <spotify-list>: the owner's recently played tracks, top tracks or top artists, from the list
// routes of the same API as <spotify-now-playing>. Sibling of that element; shares its logic module.
//
//   <spotify-list src="https://YOUR-API-HOST/api/spotify/recently-played?limit=5&unique=true"></spotify-list>
//   <spotify-list kind="top-artists" src="https://YOUR-API-HOST/api/spotify/top-artists?range=long_term"></spotify-list>
//
// Attributes: src (required), kind (recently-played | top-tracks | top-artists; else read from
// src's path), theme (light | dark | auto, default auto), interval (seconds between polls; the
// answer's max-age is waited at least).

import { deriveListView, listAnnouncement, listKind } from './list-logic.js';
import { safeHttpUrl } from './snp-logic.js';
import { Poller } from './poller.js';

// Static markup only: everything that comes from the API is set later via textContent/setAttribute.
const template = document.createElement('template');
template.innerHTML = `
<style>
  :host {
    --_bg: #ffffff; --_fg: #191414; --_muted: #5e5e5e; --_accent: #1db954;
    display: block; max-width: 420px; color-scheme: light;
  }
  :host([hidden]) { display: none; }
  :host([theme="dark"]) { --_bg: #121212; --_fg: #ffffff; --_muted: #b3b3b3; --_accent: #1ed760; color-scheme: dark; }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"]):not([theme="dark"])) {
      --_bg: #121212; --_fg: #ffffff; --_muted: #b3b3b3; --_accent: #1ed760; color-scheme: dark;
    }
  }
  .card {
    box-sizing: border-box; padding: 12px;
    background: var(--snp-bg, var(--_bg)); color: var(--snp-fg, var(--_fg));
    border-radius: var(--snp-radius, 12px);
    font: 14px/1.35 var(--snp-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  }
  h2 { margin: 0 0 8px; font-size: 12px; font-weight: 600; letter-spacing: .05em; text-transform: uppercase;
    color: var(--snp-accent, var(--_accent)); }
  ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
  li { display: flex; gap: 10px; align-items: center; min-width: 0; }
  .art { flex: none; width: 40px; height: 40px; border-radius: 4px; object-fit: cover; background: rgba(127,127,127,.2); }
  .text { flex: 1; min-width: 0; }
  .primary, .secondary { margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .primary { font-weight: 600; }
  .secondary { color: var(--snp-muted, var(--_muted)); font-size: 13px; }
  .empty { margin: 0; color: var(--snp-muted, var(--_muted)); }
  a { color: inherit; text-decoration: none; }
  a:hover { text-decoration: underline; }
  a:focus-visible { outline: 2px solid var(--snp-accent, var(--_accent)); outline-offset: 2px; border-radius: 2px; }
  [hidden] { display: none !important; }
</style>
<section class="card" part="card" aria-live="polite">
  <h2 part="heading"></h2>
  <ol part="list"></ol>
  <p class="empty" part="empty" hidden></p>
</section>`;

function externalLink(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

export class SpotifyList extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'kind', 'interval'];
  }

  #els;
  #poller = null;
  #view = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(template.content.cloneNode(true));
    this.#els = {
      heading: root.querySelector('h2'),
      list: root.querySelector('ol'),
      empty: root.querySelector('.empty'),
    };
  }

  connectedCallback() {
    this.#restart();
  }

  disconnectedCallback() {
    this.#poller?.stop();
    this.#poller = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected) this.#restart();
  }

  #restart() {
    this.#poller?.stop();
    this.#view = null;
    const src = safeHttpUrl(this.getAttribute('src'), document.baseURI);
    const kind = listKind(this.getAttribute('kind'), src);
    this.dataset.state = 'loading';
    this.setAttribute('aria-busy', 'true');
    this.#els.heading.textContent = 'Loading…';
    if (!src || !kind) {
      this.#renderError();
      return;
    }
    this.#poller = new Poller({
      src,
      interval: this.getAttribute('interval'),
      onData: (json) => this.#render(deriveListView(kind, json)),
      onError: () => this.#renderError(),
    });
    this.#poller.start();
  }

  // Keeps showing the last good list; only an error before any data changes what is shown.
  #renderError() {
    this.dataset.error = '';
    if (this.#view) return;
    this.removeAttribute('aria-busy');
    this.dataset.state = 'error';
    this.#els.heading.textContent = 'Spotify';
    this.#els.list.replaceChildren();
    this.#els.empty.textContent = 'Could not load the list';
    this.#els.empty.hidden = false;
  }

  #render(view) {
    this.#view = view;
    this.removeAttribute('aria-busy');
    delete this.dataset.error;
    this.dataset.state = view.empty ? 'empty' : 'ready';
    this.setAttribute('aria-label', listAnnouncement(view));
    this.#els.heading.textContent = view.heading;
    this.#els.empty.textContent = view.emptyText;
    this.#els.empty.hidden = !view.empty;
    this.#els.list.replaceChildren(...view.rows.map((row) => this.#row(row)));
  }

  #row(row) {
    const li = document.createElement('li');
    li.setAttribute('part', 'item');
    if (row.imageUrl) {
      const img = document.createElement('img');
      img.className = 'art';
      img.loading = 'lazy';
      img.alt = row.imageAlt;
      img.src = row.imageUrl;
      img.addEventListener('error', () => img.remove());
      li.append(img);
    }
    const text = document.createElement('div');
    text.className = 'text';
    const primary = document.createElement('p');
    primary.className = 'primary';
    primary.append(row.url ? externalLink(row.url, row.primary) : row.primary);
    text.append(primary);
    const secondary = [];
    row.artists.forEach((artist, i) => {
      if (i > 0) secondary.push(', ');
      secondary.push(artist.url ? externalLink(artist.url, artist.name) : artist.name);
    });
    if (row.meta) secondary.push(secondary.length ? ` · ${row.meta}` : row.meta);
    if (secondary.length) {
      const line = document.createElement('p');
      line.className = 'secondary';
      line.append(...secondary);
      text.append(line);
    }
    li.append(text);
    return li;
  }
}

if (!customElements.get('spotify-list')) {
  customElements.define('spotify-list', SpotifyList);
}
