/**
 * The site's public address, for links in emails and QR codes: PUBLIC_BASE_URL, else
 * http://localhost:PORT (main.ts warns at start). Never the request's Host header,
 * which anyone can forge to send a resident a link to their own server.
 */
export function publicBase(): string {
  const env = process.env.PUBLIC_BASE_URL;
  if (env) return env.replace(/\/+$/, '');
  return `http://localhost:${process.env.PORT || 3000}`;
}

/** The same from the app's environment (AppDeps.env: tests and embedders set it without touching process.env). */
export function publicBaseFrom(env: Readonly<Record<string, string | undefined>> | undefined): string {
  return env?.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL.replace(/\/+$/, '') : publicBase();
}
