import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db/client.ts";
import { verifyPassword } from "./password.ts";
import { isSignInBlocked, recordSignInFailure } from "./sign-in-rate-limit.ts";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

/**
 * next-auth with email + password. Sessions are signed JWT cookies holding only
 * the user id; every request re-reads membership and role from the database, so
 * removing a member takes effect at once.
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
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const forwarded = req?.headers?.["x-forwarded-for"];
        const ip = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() ?? null;
        if (await isSignInBlocked(parsed.data.email, ip)) {
          throw new Error("Too many failed sign-ins. Wait 15 minutes and try again.");
        }
        const user = await db.user.findUnique({
          where: { email: parsed.data.email },
          select: { id: true, email: true, name: true, passwordHash: true },
        });
        if (!user) {
          // Spend comparable time on unknown emails so timing does not reveal which emails exist.
          await verifyPassword(DUMMY_HASH, parsed.data.password);
          await recordSignInFailure(parsed.data.email, ip);
          return null;
        }
        if (!(await verifyPassword(user.passwordHash, parsed.data.password))) {
          await recordSignInFailure(parsed.data.email, ip);
          return null;
        }
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
};

// argon2id hash of a random string, used only to equalise timing.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Jt9dK7QwHqWmQ2r9l5K0m8m3b1b5w5m6sQm1tq8b8c";
