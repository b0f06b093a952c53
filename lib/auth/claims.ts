// Supabase-shaped JWT claims: what both issuers produce and what RLS reads through auth.uid().
import { z } from 'zod';

export const claimsSchema = z
  .object({
    sub: z.uuid(),
    email: z.string().optional(),
    role: z.string(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    exp: z.number().optional(),
    iat: z.number().optional(),
    iss: z.string().optional(),
    app_metadata: z.record(z.string(), z.unknown()).optional(),
    user_metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

export type JwtClaims = z.infer<typeof claimsSchema>;

export type Session = {
  userId: string;
  email: string | null;
  isAdmin: boolean;
  claims: JwtClaims;
};

export function sessionFromClaims(raw: unknown): Session | null {
  const parsed = claimsSchema.safeParse(raw);
  if (!parsed.success || parsed.data.role !== 'authenticated') return null;
  const claims = parsed.data;
  return {
    userId: claims.sub,
    email: claims.email ?? null,
    isAdmin: claims.app_metadata?.role === 'admin',
    claims,
  };
}
