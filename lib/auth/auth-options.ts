import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authorizeCredentials } from "./authorize-credentials.ts";
import { safeCallbackUrl } from "./safe-callback-url.ts";
import { endSessionsOnSignOut } from "./session-version.ts";

/**
 * next-auth with email + password. Sessions are signed JWT cookies holding the
 * user id and the user's session version; every request re-reads the version
 * (so sign-out and password changes end copied cookies) and membership and
 * role (so removing a member takes effect at once).
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: (raw, req) => authorizeCredentials(raw, req.headers ?? {}),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      session.sessionVersion = token.sessionVersion;
      return session;
    },
    // Every redirect next-auth makes (after sign-in, after sign-out) stays on our origin.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackUrl(url, baseUrl)}`;
    },
  },
  events: {
    async signOut({ token }) {
      await endSessionsOnSignOut(token?.sub, token?.sessionVersion);
    },
  },
};
