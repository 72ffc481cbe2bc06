// Polls one JSON URL the way the API asks: revalidates with If-None-Match, waits at least the
// answer's max-age, honours Retry-After and backs off after failures. DOM-free except for fetch.

import { nextDelay, parseInterval, parseMaxAge, parseRetryAfter } from './snp-logic.js';

export class Poller {
  #src;
  #intervalMs;
  #onData;
  #onError;
  #etag = null;
  #conditional = true;
  #failures = 0;
  #timer = null;
  #abort = null;
  #generation = 0;

  /**
   * @param {object} options
   * @param {string} options.src an http(s) URL
   * @param {string|null} options.interval the element's `interval` attribute (seconds)
   * @param {(json: unknown) => void} options.onData called with each new body (not on a 304)
   * @param {() => void} options.onError called after each failure
   */
  constructor({ src, interval, onData, onError }) {
    this.#src = src;
    this.#intervalMs = parseInterval(interval);
    this.#onData = onData;
    this.#onError = onError;
  }

  start() {
    this.stop();
    this.#poll(this.#generation);
  }

  stop() {
    this.#generation += 1;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#abort?.abort();
    this.#abort = null;
  }

  async #poll(generation) {
    const controller = new AbortController();
    this.#abort = controller;
    const headers = { Accept: 'application/json' };
    const conditional = this.#conditional && this.#etag !== null;
    if (conditional) headers['If-None-Match'] = this.#etag;
    let delay;
    try {
      let response;
      try {
        response = await fetch(this.#src, { headers, cache: 'no-store', signal: controller.signal });
      } catch (error) {
        // A cross-origin API that exposes ETag but does not allow If-None-Match fails the preflight.
        if (conditional && error?.name !== 'AbortError') this.#conditional = false;
        throw error;
      }
      if (generation !== this.#generation) return;
      const maxAgeSeconds = parseMaxAge(response.headers.get('Cache-Control'));
      if (response.status === 304 && this.#etag !== null) {
        this.#failures = 0;
      } else if (response.ok) {
        const json = await response.json();
        if (generation !== this.#generation) return;
        this.#onData(json);
        this.#etag = response.headers.get('ETag');
        this.#failures = 0;
      } else {
        this.#etag = null;
        throw Object.assign(new Error(`HTTP ${response.status}`), {
          retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
        });
      }
      delay = nextDelay({ ok: true, intervalMs: this.#intervalMs, maxAgeSeconds });
    } catch (error) {
      if (generation !== this.#generation || error?.name === 'AbortError') return;
      this.#failures += 1;
      this.#onError();
      delay = nextDelay({
        ok: false,
        intervalMs: this.#intervalMs,
        failures: this.#failures,
        retryAfterMs: error?.retryAfterMs ?? null,
      });
    } finally {
      if (this.#abort === controller) this.#abort = null;
    }
    if (generation === this.#generation) {
      this.#timer = setTimeout(() => this.#poll(generation), delay);
    }
  }
}
