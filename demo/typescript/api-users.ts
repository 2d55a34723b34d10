// pages/api/users/[id].ts: user profile API for the admin dashboard (Next.js pages router + Prisma).
import type { NextApiRequest, NextApiResponse } from "next";
import { Prisma, PrismaClient } from "@prisma/client";
import { timingSafeEqual } from "crypto";
import jwt, { type JwtPayload } from "jsonwebtoken";

const prisma = new PrismaClient();

type UserRow = { id: number; email: string; displayName: string; role: string };

function isAdminLegacy(req: NextApiRequest): boolean {
  // flaw: admin token hardcoded and compared to a string literal
  return req.headers["x-admin-token"] === "c4Jm8sPq2VxN7tRz";
}

function isAdmin(req: NextApiRequest): boolean {
  const given = Buffer.from(String(req.headers["x-admin-token"] ?? ""));
  // safe: expected token from the environment, constant-time comparison
  const expected = Buffer.from(process.env.ADMIN_API_TOKEN ?? "");
  return expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected);
}

function sessionUserUnverified(req: NextApiRequest): JwtPayload | null {
  const token = req.cookies.session ?? "";
  // flaw: jwt.decode reads the claims without checking the signature
  return jwt.decode(token) as JwtPayload | null;
}

function sessionUser(req: NextApiRequest): JwtPayload | null {
  try {
    // safe: signature, algorithm and expiry are verified
    return jwt.verify(req.cookies.session ?? "", process.env.JWT_SECRET!, { algorithms: ["HS256"] }) as JwtPayload;
  } catch {
    return null;
  }
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const id = String(req.query.id);

  if (req.method === "GET" && id === "search") {
    if (!isAdminLegacy(req)) return res.status(403).json({ error: "forbidden" });
    const sort = String(req.query.sort ?? "email");
    // flaw: $queryRawUnsafe with values interpolated into the SQL text
    const rows = await prisma.$queryRawUnsafe<UserRow[]>(
      `SELECT id, email, "displayName", role FROM "User" WHERE email ILIKE '%${req.query.q}%' ORDER BY ${sort}`,
    );
    return res.status(200).json(rows);
  }

  if (req.method === "GET") {
    if (!sessionUser(req)) return res.status(401).json({ error: "sign in first" });
    // safe: tagged $queryRaw sends ${id} as a bound parameter
    const rows = (await prisma.$queryRaw`SELECT id, email, "displayName", role FROM "User" WHERE id = ${Number(id)}`) as UserRow[];
    return rows.length ? res.status(200).json(rows[0]) : res.status(404).json({ error: "not found" });
  }

  if (req.method === "PATCH") {
    const user = sessionUserUnverified(req);
    if (!user || String(user.sub) !== id) return res.status(403).json({ error: "forbidden" });
    // flaw: mass assignment, the whole request body (including role) is written to the user
    const updated = await prisma.user.update({ where: { id: Number(id) }, data: req.body });
    return res.status(200).json(updated);
  }

  if (req.method === "PUT") {
    const user = sessionUser(req);
    if (!user || (String(user.sub) !== id && !isAdmin(req))) return res.status(403).json({ error: "forbidden" });
    const { displayName, bio } = req.body as { displayName?: string; bio?: string };
    // safe: only the editable fields are copied into the update
    const data: Prisma.UserUpdateInput = { displayName, bio };
    const updated = await prisma.user.update({ where: { id: Number(id) }, data });
    return res.status(200).json(updated);
  }

  res.setHeader("Allow", "GET, PATCH, PUT");
  return res.status(405).json({ error: "method not allowed" });
}
