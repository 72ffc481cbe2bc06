// The Node.js reference of the now-playing cold path, written as a Node developer would: the AWS SDK
// for JavaScript v3 for Secrets Manager, fetch for Spotify. Same work as the Java function's first
// request: read the token state, see its access token has expired, read the client credentials,
// refresh, store the new token, ask for the currently playing item and answer the widget.
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

const secrets = new SecretsManagerClient({ region: process.env.AWS_REGION });
const tokenSecret = process.env.SPOTIFY_TOKEN_SECRET;
const credentialsSecret = process.env.SPOTIFY_CREDENTIALS_SECRET;
const tokenUrl = process.env.SPOTIFY_TOKEN_URL ?? 'https://accounts.spotify.com/api/token';
const apiUrl = process.env.SPOTIFY_API_URL ?? 'https://api.spotify.com';

async function readSecret(id) {
  const result = await secrets.send(new GetSecretValueCommand({ SecretId: id }));
  return JSON.parse(result.SecretString);
}

async function accessToken() {
  const state = await readSecret(tokenSecret);
  const expiresAt = Date.parse(state.access_token_expires_at ?? '');
  if (state.access_token && expiresAt - Date.now() > 60_000) return state.access_token;
  const credentials = await readSecret(credentialsSecret);
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${credentials.client_id}:${credentials.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: state.refresh_token }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const tokens = await response.json();
  const next = {
    ...state,
    access_token: tokens.access_token,
    access_token_expires_at: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
    refresh_token: tokens.refresh_token ?? state.refresh_token,
    updated_at: new Date().toISOString(),
  };
  await secrets.send(new PutSecretValueCommand({ SecretId: tokenSecret, SecretString: JSON.stringify(next) }));
  return tokens.access_token;
}

export async function handler(event) {
  if (event.rawPath !== '/api/spotify/now-playing') {
    return { statusCode: 404, headers: { 'content-type': 'application/problem+json' }, body: '{"status":404}' };
  }
  const token = await accessToken();
  const response = await fetch(`${apiUrl}/v1/me/player/currently-playing?additional_types=track,episode`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let body = { isPlaying: false };
  if (response.status === 200) {
    const playing = await response.json();
    const item = playing.item;
    body = {
      isPlaying: playing.is_playing,
      type: item?.type,
      title: item?.name,
      artist: item?.artists?.map((artist) => artist.name).join(', '),
      album: item?.album?.name,
      albumImageUrl: item?.album?.images?.[0]?.url,
      url: item?.external_urls?.spotify,
      progressMs: playing.progress_ms,
      durationMs: item?.duration_ms,
    };
  } else if (response.status !== 204) {
    throw new Error(`currently-playing answered ${response.status}`);
  }
  console.log(JSON.stringify({ level: 'INFO', event: 'http.request', path: event.rawPath, status: 200 }));
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=5' },
    body: JSON.stringify(body),
  };
}
