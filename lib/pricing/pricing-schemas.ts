// The what-if pricing simulator's input (API.md, "Monitoring, alerts and pricing tools"). The proposed
// charges take exactly the shape a plan's charges take (catalog-schemas.ts), so what GET …/plans/[code]
// shows can be edited and sent here, and what passes here would pass a PATCH of the plan.
import { z } from 'zod';
import { chargeInputSchema, planCodeSchema } from '@/lib/catalog/catalog-schemas';

/** Customers named in one simulation: the whole plan is simulated by leaving customer_ids out. */
export const MAX_SIMULATED_CUSTOMER_IDS = 1000;

export const simulationInputSchema = z.strictObject({
  plan_code: planCodeSchema,
  // the same bound as a plan's charges
  charges: z.array(chargeInputSchema).max(50),
  customer_ids: z.array(z.uuid({ message: 'must be a customer id (uuid)' })).min(1).max(MAX_SIMULATED_CUSTOMER_IDS).optional(),
});
export type SimulationInput = z.input<typeof simulationInputSchema>;
