/**
 * A client for probing the server over plain HTTP: cookies kept by hand,
 * redirects never followed (a redirect to /signin is itself an answer), and
 * the time each answer took.
 */
export interface ProbeResponse {
  status: number;
  headers: Headers;
  body: string;
  ms: number;
}

export interface ProbeInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
}

export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseURL: string,
    cookies: Record<string, string> = {},
  ) {
    for (const [name, value] of Object.entries(cookies)) this.cookies.set(name, value);
  }

  /** The cookies, so a signed-in session can be stored and restored (see security-world.ts). */
  toJSON(): { baseURL: string; cookies: Record<string, string> } {
    return { baseURL: this.baseURL, cookies: Object.fromEntries(this.cookies) };
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(path: string, init: ProbeInit = {}): Promise<ProbeResponse> {
    const method = init.method ?? "GET";
    // A browser names the page's origin on every same-site change; probes do too (CSRF checks are not what they test).
    const headers: Record<string, string> = method === "GET" || method === "HEAD" ? { ...init.headers } : { origin: this.baseURL, ...init.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const started = performance.now();
    const res = await fetch(new URL(path, this.baseURL), { method, headers, body: init.body, redirect: "manual" });
    const body = await res.text();
    const ms = performance.now() - started;
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, body, ms };
  }

  /** JSON request helper; the body is serialised as given. */
  json(path: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<ProbeResponse> {
    return this.request(path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

/** Signs in through next-auth's credentials flow (CSRF token, then the callback) and returns the session holding the cookie. */
export async function signIn(baseURL: string, email: string, password: string): Promise<HttpSession> {
  const session = new HttpSession(baseURL);
  const csrf = await session.request("/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" });
  const res = await session.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  if (![200, 302].includes(res.status) || !session.cookieHeader().includes("session-token")) {
    throw new Error(`sign-in as ${email} failed: ${res.status} ${res.body.slice(0, 200)}`);
  }
  return session;
}

/** Encodes a path segment exactly, including lone surrogates (sent as their WTF-8 bytes, as a hostile client could). */
export function encodeSegment(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(value.slice(i, i + 2));
        i++;
        continue;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}
