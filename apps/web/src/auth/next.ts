/**
 * Where to go after signing in: the `next` the sign-in screen was sent with, if it is a path inside the
 * app (never another origin), else the home screen.
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Reads the one-time token from the URL's fragment (never sent to the server in a request line) and removes it from the address bar. */
export function takeFragmentToken(): string | null {
  const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  if (window.location.hash) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token || null;
}
