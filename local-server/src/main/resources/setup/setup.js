// The local setup page: everything runs against this origin; nothing is sent elsewhere.
const $ = (id) => document.getElementById(id);

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, statusText: response.statusText, contentType: response.headers.get('Content-Type'), text, json };
}

function row(list, term, value, className) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (className) dd.className = className;
  list.append(dt, dd);
}

async function showStatus() {
  const list = $('status');
  let result;
  try {
    result = await call('GET', '/api/spotify/status');
  } catch {
    list.replaceChildren();
    row(list, 'Status', 'the local server does not answer', 'bad');
    return;
  }
  list.replaceChildren();
  const status = result.json;
  if (result.status !== 200 || !status) {
    row(list, 'Status', `status route answered HTTP ${result.status}` + (status?.title ? ` (${status.title})` : ''), 'bad');
    return;
  }
  // The status route's state is the one vocabulary; its action says what to do.
  row(list, 'Status', status.state, status.state === 'connected' ? 'ok' : 'bad');
  if (status.state !== 'connected' && status.action) row(list, 'Action', status.action, 'bad');
  if (status.reauthorizeBy) row(list, 'Reconnect by', `${status.reauthorizeBy} (${status.daysUntilReauthorization} days)`, status.daysUntilReauthorization <= 14 ? 'bad' : undefined);
  if (status.ownerDisplayName || status.ownerId) row(list, 'Account', [status.ownerDisplayName, status.ownerId && `(${status.ownerId})`].filter(Boolean).join(' '));
  if (Array.isArray(status.scopes)) row(list, 'Scopes', status.scopes.join(' ') || '(none)');
  if (Array.isArray(status.missingScopes) && status.missingScopes.length) row(list, 'Missing scopes', status.missingScopes.join(' '), 'bad');
  if (status.authorizedAt) row(list, 'Authorized', new Date(status.authorizedAt).toLocaleString());
  if (status.lastError) row(list, 'Last error', typeof status.lastError === 'string' ? status.lastError : JSON.stringify(status.lastError), 'bad');
}

function envBlock() {
  const form = $('env-form');
  const value = (name) => form.elements[name].value.trim();
  const lines = [
    '# spotify-now-playing: local settings (keep this file out of git)',
    `SPOTIFY_CLIENT_ID=${value('clientId') || 'your-client-id'}`,
    `SPOTIFY_CLIENT_SECRET=${value('clientSecret') || 'your-client-secret'}`,
    `SPOTIFY_REDIRECT_URI=${value('redirectUri')}`,
  ];
  $('env-block').textContent = lines.join('\n') + '\n';
}

async function explore(method, path, body) {
  $('explorer-request').textContent = `${method} ${path} …`;
  $('explorer-response').textContent = '';
  try {
    const result = await call(method, path, body);
    $('explorer-request').textContent = `${method} ${path} → HTTP ${result.status} ${result.statusText} (${result.contentType || 'no content type'})`;
    $('explorer-response').textContent = result.json !== null ? JSON.stringify(result.json, null, 2) : result.text || '(empty body)';
  } catch (error) {
    $('explorer-request').textContent = `${method} ${path} failed: ${error.message}`;
  }
  if (path === '/api/spotify/status' || path === '/api/spotify/refresh') showStatus();
}

async function start() {
  let info = {};
  try {
    info = (await call('GET', '/local/info')).json || {};
  } catch {
    info = {};
  }
  $('demo-banner').hidden = !info.demo;
  document.body.dataset.demo = String(Boolean(info.demo));
  $('redirect-uri').textContent = info.redirectUri || '';
  $('env-form').elements.redirectUri.value = info.redirectUri || 'http://127.0.0.1:3000/api/spotify/callback';
  if (info.demo && info.demoRefreshToken) {
    $('refresh-hint').hidden = false;
    $('refresh-hint').textContent = `Demo mode: the simulated account's refresh token is "${info.demoRefreshToken}".`;
  }

  envBlock();
  $('env-form').addEventListener('input', envBlock);
  $('env-form').addEventListener('submit', (event) => event.preventDefault());
  $('env-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('env-block').textContent);
      $('env-copied').textContent = 'copied';
    } catch {
      $('env-copied').textContent = 'select the block and copy it';
    }
  });

  document.querySelectorAll('.explorer-actions button').forEach((button) => {
    button.addEventListener('click', () => explore(button.dataset.method, button.dataset.path));
  });
  $('refresh-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('refresh-token').value.trim();
    if (token) explore('POST', '/api/spotify/refresh', { refresh_token: token });
  });

  showStatus();
}

start();
