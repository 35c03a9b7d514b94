// The server's public interfaces, addressed relative to the viewer (served at /viewer/).
const root = new URL('../', window.location.href);

export function apiUrl(path, query) {
  const url = new URL(path, root);
  for (const [key, value] of Object.entries(query ?? {})) {
    url.searchParams.set(key, String(value));
  }
  return url;
}

export async function getJson(path, query) {
  const response = await fetch(apiUrl(path, query), { headers: { Accept: 'application/json, application/geo+json' } });
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText} from ${path}`);
  }
  return response.json();
}
