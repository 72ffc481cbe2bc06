import {
  announcement,
  applyIdle,
  currentProgress,
  deriveView,
  formatDuration,
  nextDelay,
  parseInterval,
  parseCardOptions,
  parseMaxAge,
  parseRetryAfter,
  safeHttpUrl,
  stateLabel,
} from './snp-logic.js';

// Static markup only: everything that comes from the API is set later via textContent/setAttribute.
const template = document.createElement('template');
template.innerHTML = `
<style>
  :host {
    --_bg: #ffffff; --_fg: #191414; --_muted: #5e5e5e; --_accent: #1db954; --_track: rgba(0, 0, 0, 0.12);
    display: block;
    max-width: 420px;
    color-scheme: light;
  }
  :host([hidden]) { display: none; }
  :host([theme="dark"]) {
    --_bg: #121212; --_fg: #ffffff; --_muted: #b3b3b3; --_accent: #1ed760; --_track: rgba(255, 255, 255, 0.2);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"]):not([theme="dark"])) {
      --_bg: #121212; --_fg: #ffffff; --_muted: #b3b3b3; --_accent: #1ed760; --_track: rgba(255, 255, 255, 0.2);
      color-scheme: dark;
    }
  }
  .card {
    display: flex; gap: 12px; align-items: center; box-sizing: border-box; padding: 12px;
    background: var(--snp-bg, var(--_bg)); color: var(--snp-fg, var(--_fg));
    border-radius: var(--snp-radius, 12px);
    font: 14px/1.35 var(--snp-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  }
  .art { flex: none; width: 64px; height: 64px; border-radius: calc(var(--snp-radius, 12px) / 2); overflow: hidden; }
  .art img, .art svg { display: block; width: 100%; height: 100%; object-fit: cover; }
  .art svg { color: var(--snp-muted, var(--_muted)); background: var(--_track); }
  .body { flex: 1; min-width: 0; }
  .status { margin: 0; font-size: 12px; color: var(--snp-muted, var(--_muted)); display: flex; align-items: center; gap: 6px; }
  :host([data-state="playing"]) .status::before {
    content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--snp-accent, var(--_accent));
  }
  .title { margin: 2px 0 0; font-size: 15px; font-weight: 600; }
  .title, .artists { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .artists { margin: 0; color: var(--snp-muted, var(--_muted)); }
  a { color: inherit; text-decoration: none; }
  a:hover { text-decoration: underline; }
  a:focus-visible { outline: 2px solid var(--snp-accent, var(--_accent)); outline-offset: 2px; border-radius: 2px; }
  .progress { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 11px;
    color: var(--snp-muted, var(--_muted)); font-variant-numeric: tabular-nums; }
  .bar { flex: 1; height: 4px; border-radius: 2px; background: var(--_track); overflow: hidden; }
  .fill { height: 100%; width: 0; background: var(--snp-accent, var(--_accent)); transition: width 1s linear; }
  :host([background="transparent"]) .card { background: transparent; }
  [hidden] { display: none !important; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  @media (prefers-reduced-motion: reduce) { .fill { transition: none; } }
</style>
<section class="card" part="card" aria-label="Spotify listening status">
  <div class="art" part="art">
    <img alt="" hidden>
    <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="18" fill="none" stroke="currentColor" stroke-width="3"/>
      <circle cx="32" cy="32" r="4" fill="currentColor"/>
    </svg>
  </div>
  <div class="body">
    <p class="status" part="status"></p>
    <p class="title" part="title"></p>
    <p class="artists" part="artists"></p>
    <div class="progress" part="progress" hidden>
      <span class="elapsed" aria-hidden="true"></span>
      <div class="bar" role="progressbar" aria-label="Playback progress" aria-valuemin="0">
        <div class="fill"></div>
      </div>
      <span class="duration" aria-hidden="true"></span>
    </div>
  </div>
  <div class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
</section>`;

function externalLink(href, label) {
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = label;
  return a;
}

export class SpotifyNowPlaying extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'interval', 'theme', 'accent', 'background', 'idle', 'progress'];
  }

  #els;
  #view = null;
  #payload = null;
  #receivedAt = 0;
  #options = parseCardOptions(() => null);
  #failures = 0;
  #pollTimer = null;
  #tickTimer = null;
  #abort = null;
  #inFlight = null;
  #generation = 0;
  #announced = null;
  #connected = false;
  #onVisibility = () => this.#handleVisibility();

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(template.content.cloneNode(true));
    this.#els = {
      img: root.querySelector('img'),
      placeholder: root.querySelector('svg'),
      status: root.querySelector('.status'),
      title: root.querySelector('.title'),
      artists: root.querySelector('.artists'),
      progress: root.querySelector('.progress'),
      bar: root.querySelector('.bar'),
      fill: root.querySelector('.fill'),
      elapsed: root.querySelector('.elapsed'),
      duration: root.querySelector('.duration'),
      live: root.querySelector('[role="status"]'),
    };
    this.#els.img.addEventListener('error', () => this.#showPlaceholder());
  }

  connectedCallback() {
    this.#connected = true;
    this.#readOptions();
    document.addEventListener('visibilitychange', this.#onVisibility);
    if (!this.#view) this.#renderLoading();
    this.#resume();
  }

  disconnectedCallback() {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stop();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#connected) return;
    if (['theme', 'accent', 'background', 'idle', 'progress'].includes(name)) {
      this.#readOptions();
      if (this.#payload) this.#show(this.#payload, this.#receivedAt);
    } else if (name === 'src') {
      this.#stop();
      this.#view = null;
      this.#payload = null;
      this.#failures = 0;
      this.#announced = null;
      this.#renderLoading();
      this.#resume();
    } else if (name === 'interval' && this.#pollTimer !== null) {
      this.#schedule(parseInterval(newValue));
    }
  }

  /** The colours as custom properties; theme, idle and progress are read when rendering. */
  #readOptions() {
    this.#options = parseCardOptions((name) => this.getAttribute(name));
    const card = this.shadowRoot.querySelector('.card');
    const { accent, background } = this.#options;
    if (accent === null) card.style.removeProperty('--_accent');
    else card.style.setProperty('--_accent', accent);
    if (background === null || background === 'transparent') card.style.removeProperty('--_bg');
    else card.style.setProperty('--_bg', background);
  }

  /** Polls now (cancelling the pending timer); resolves when the poll has been handled. */
  refresh() {
    if (!this.#connected) return Promise.resolve();
    return this.#poll();
  }

  #resume() {
    if (document.visibilityState === 'hidden') return;
    this.#startTicking();
    this.#poll();
  }

  #stop() {
    this.#generation += 1;
    clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
    this.#abort?.abort();
    this.#abort = null;
    this.#inFlight = null;
    clearInterval(this.#tickTimer);
    this.#tickTimer = null;
  }

  #handleVisibility() {
    if (!this.#connected) return;
    if (document.visibilityState === 'hidden') this.#stop();
    else this.#resume();
  }

  #schedule(delayMs) {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = null;
      this.#poll();
    }, delayMs);
  }

  #poll() {
    if (this.#inFlight) return this.#inFlight;
    clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
    const generation = this.#generation;
    const promise = this.#fetchOnce(generation).finally(() => {
      if (this.#inFlight === promise) this.#inFlight = null;
    });
    this.#inFlight = promise;
    return promise;
  }

  async #fetchOnce(generation) {
    const intervalMs = parseInterval(this.getAttribute('interval'));
    const src = safeHttpUrl(this.getAttribute('src'), document.baseURI);
    if (!src) {
      this.#failures += 1;
      this.#renderError();
      return;
    }

    const controller = new AbortController();
    this.#abort = controller;
    let delay;
    try {
      // no-cache: the browser revalidates its cached answer with the server's ETag itself (a 304
      // reaches us as the cached 200). Only safelisted headers, so a cross-origin poll needs no
      // preflight.
      const response = await fetch(src, {
        headers: { Accept: 'application/json' },
        cache: 'no-cache',
        signal: controller.signal,
      });
      if (generation !== this.#generation) return;

      const maxAgeSeconds = parseMaxAge(response.headers.get('Cache-Control'));
      if (response.ok) {
        const text = await response.text();
        if (generation !== this.#generation) return;
        const payload = JSON.parse(text);
        deriveView(payload);
        this.#failures = 0;
        // The same answer again (revalidated): progress keeps advancing from when it first came.
        const receivedAt = text === this.#payload?.text ? this.#receivedAt : performance.now();
        this.#show({ text, json: payload }, receivedAt);
        delay = nextDelay({ ok: true, intervalMs, maxAgeSeconds });
      } else {
        this.#failures += 1;
        this.#renderError();
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        delay = nextDelay({ ok: false, intervalMs, failures: this.#failures, retryAfterMs });
      }
    } catch (error) {
      if (generation !== this.#generation || error?.name === 'AbortError') return;
      this.#failures += 1;
      this.#renderError();
      delay = nextDelay({ ok: false, intervalMs, failures: this.#failures });
    } finally {
      if (this.#abort === controller) this.#abort = null;
    }
    if (generation === this.#generation && this.#connected && document.visibilityState !== 'hidden') {
      this.#schedule(delay);
    }
  }

  #startTicking() {
    clearInterval(this.#tickTimer);
    this.#tickTimer = setInterval(() => this.#tick(), 1000);
  }

  #tick() {
    if (!this.#view) return;
    this.#els.status.textContent = stateLabel(this.#view);
    this.#renderProgress();
  }

  #renderLoading() {
    this.dataset.state = 'loading';
    delete this.dataset.title;
    delete this.dataset.error;
    this.setAttribute('aria-busy', 'true');
    this.#els.status.textContent = 'Loading…';
    this.#els.title.textContent = '';
    this.#els.artists.textContent = '';
    this.#els.progress.hidden = true;
    this.#showPlaceholder();
  }

  // Keeps showing the last good data; only an error before any data changes what is shown.
  #renderError() {
    this.dataset.error = '';
    if (this.#view) return;
    this.removeAttribute('aria-busy');
    this.dataset.state = 'error';
    delete this.dataset.title;
    this.#els.status.textContent = 'Unavailable';
    this.#els.title.textContent = 'Could not load listening status';
    this.#els.artists.textContent = '';
    this.#els.progress.hidden = true;
    this.#showPlaceholder();
  }

  #show(payload, receivedAt) {
    this.#payload = payload;
    this.#receivedAt = receivedAt;
    this.#view = applyIdle(deriveView(payload.json), this.#options.idle);
    this.#render();
  }

  #render() {
    const view = this.#view;
    const { img, title, artists, status, live } = this.#els;

    this.removeAttribute('aria-busy');
    delete this.dataset.error;
    this.dataset.state = view.state;
    this.dataset.title = view.title;
    this.toggleAttribute('data-stale', view.stale);

    status.textContent = stateLabel(view);
    title.replaceChildren(view.url ? externalLink(view.url, view.title) : view.title);
    title.title = view.album ? `${view.title} — ${view.album}` : view.title;

    const names = [];
    view.artists.forEach((artist, i) => {
      if (i > 0) names.push(', ');
      names.push(artist.url ? externalLink(artist.url, artist.name) : artist.name);
    });
    artists.replaceChildren(...names);

    if (view.imageUrl) {
      if (img.getAttribute('src') !== view.imageUrl) img.setAttribute('src', view.imageUrl);
      img.alt = view.imageAlt;
      img.hidden = false;
      this.#els.placeholder.toggleAttribute('hidden', true);
    } else {
      this.#showPlaceholder();
    }

    this.#renderProgress();

    const message = announcement(view);
    // The first result is readable in place; only later changes are announced.
    if (this.#announced !== null && this.#announced !== message) live.textContent = message;
    this.#announced = message;
  }

  #renderProgress() {
    const view = this.#view;
    const { progress, bar, fill, elapsed, duration } = this.#els;
    const showable = view && this.#options.progress && (view.state === 'playing' || view.state === 'paused');
    const ms = showable ? currentProgress(view, performance.now() - this.#receivedAt) : null;
    if (ms === null) {
      progress.hidden = true;
      return;
    }
    progress.hidden = false;
    const nowSeconds = Math.floor(ms / 1000);
    const totalSeconds = Math.floor(view.durationMs / 1000);
    bar.setAttribute('aria-valuemax', String(totalSeconds));
    bar.setAttribute('aria-valuenow', String(nowSeconds));
    bar.setAttribute('aria-valuetext', `${formatDuration(ms)} of ${formatDuration(view.durationMs)}`);
    fill.style.width = `${(ms / view.durationMs) * 100}%`;
    elapsed.textContent = formatDuration(ms);
    duration.textContent = formatDuration(view.durationMs);
  }

  #showPlaceholder() {
    this.#els.img.hidden = true;
    this.#els.img.removeAttribute('src');
    this.#els.img.alt = '';
    this.#els.placeholder.toggleAttribute('hidden', false);
  }
}

if (!customElements.get('spotify-now-playing')) {
  customElements.define('spotify-now-playing', SpotifyNowPlaying);
}
