import { z } from 'zod';

const Env = z.object({
  DB_PASSWORD: z.string().min(1), ⟦FP hardcoded-secret⟧
  STRIPE_API_KEY: z.string().min(1),
});

export const env = Env.parse(process.env);
